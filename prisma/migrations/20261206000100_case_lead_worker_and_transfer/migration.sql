-- Lead workers and transfers of a case (issue 15): every change of the lead
-- worker, and every hand-over of a case to another unit, kept as history.
CREATE TABLE core.case_lead_worker_change (
  id                 SERIAL PRIMARY KEY,
  case_id            INTEGER NOT NULL REFERENCES core."case" (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  worker_id          TEXT NOT NULL,
  previous_worker_id TEXT,
  changed_by         TEXT NOT NULL,
  changed_at         TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX case_lead_worker_change_case_id_idx ON core.case_lead_worker_change (case_id);

CREATE TABLE core.case_transfer (
  id                      SERIAL PRIMARY KEY,
  case_id                 INTEGER NOT NULL REFERENCES core."case" (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  from_unit_code          TEXT NOT NULL REFERENCES core.network_unit (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  to_unit_code            TEXT NOT NULL REFERENCES core.network_unit (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  reason                  TEXT NOT NULL CHECK (reason <> ''),
  previous_lead_worker_id TEXT,
  transferred_by          TEXT NOT NULL,
  transferred_at          TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CHECK (from_unit_code <> to_unit_code AND to_unit_code <> 'NGO')
);
CREATE INDEX case_transfer_case_id_idx ON core.case_transfer (case_id);
