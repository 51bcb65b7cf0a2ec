-- Returns (填報) and campaigns (issue 14): figures no connector carries,
-- entered by the unit that owns them and reviewed by the secretariat before
-- publication. A return's figures never change once entered: a correction is
-- a new row that supersedes the old one, which stays as history; only the
-- review and the superseding are ever written to an existing row.
CREATE TABLE core.indicator_return (
  id            SERIAL PRIMARY KEY,
  indicator_id  TEXT NOT NULL,
  year          INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2200),
  from_month    INTEGER NOT NULL CHECK (from_month BETWEEN 1 AND 12),
  to_month      INTEGER NOT NULL CHECK (to_month BETWEEN from_month AND 12),
  district_code TEXT,
  line          TEXT NOT NULL DEFAULT '',
  unit_code     TEXT NOT NULL,
  numerator     INTEGER NOT NULL CHECK (numerator >= 0),
  denominator   INTEGER CHECK (denominator >= numerator),
  evidence      TEXT NOT NULL CHECK (evidence <> ''),
  entered_by    TEXT NOT NULL,
  entered_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  status        TEXT NOT NULL DEFAULT 'SUBMITTED' CHECK (status IN ('SUBMITTED', 'ACCEPTED', 'RETURNED')),
  reviewed_by   TEXT,
  reviewed_at   TIMESTAMPTZ(3),
  review_note   TEXT,
  superseded_at TIMESTAMPTZ(3),
  -- Four eyes: the secretariat's reviewer is never the worker who entered it.
  CHECK ((status = 'SUBMITTED') = (reviewed_at IS NULL) AND (reviewed_at IS NULL) = (reviewed_by IS NULL)),
  CHECK (reviewed_by IS NULL OR reviewed_by <> entered_by)
);
-- One current return per indicator, period, place, line and unit.
CREATE UNIQUE INDEX indicator_return_current_idx
  ON core.indicator_return (indicator_id, year, from_month, to_month, COALESCE(district_code, ''), line, unit_code)
  WHERE superseded_at IS NULL;
CREATE INDEX indicator_return_year_indicator_id_idx ON core.indicator_return (year, indicator_id);

CREATE FUNCTION core.indicator_return_figures_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.indicator_id, NEW.year, NEW.from_month, NEW.to_month, NEW.district_code, NEW.line, NEW.unit_code,
      NEW.numerator, NEW.denominator, NEW.evidence, NEW.entered_by, NEW.entered_at)
     IS DISTINCT FROM
     (OLD.indicator_id, OLD.year, OLD.from_month, OLD.to_month, OLD.district_code, OLD.line, OLD.unit_code,
      OLD.numerator, OLD.denominator, OLD.evidence, OLD.entered_by, OLD.entered_at)
  THEN
    RAISE EXCEPTION 'a return''s figures are never changed: enter a correction instead';
  END IF;
  IF OLD.superseded_at IS NOT NULL THEN
    RAISE EXCEPTION 'a superseded return is history and is never changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER indicator_return_figures_fixed BEFORE UPDATE ON core.indicator_return
  FOR EACH ROW EXECUTE FUNCTION core.indicator_return_figures_fixed();

CREATE TABLE core.campaign (
  id         SERIAL PRIMARY KEY,
  name       TEXT NOT NULL CHECK (name <> ''),
  from_date  DATE NOT NULL,
  to_date    DATE NOT NULL CHECK (to_date >= from_date),
  deadline   DATE NOT NULL,
  items      JSONB NOT NULL,
  unit_codes TEXT[] NOT NULL CHECK (cardinality(unit_codes) > 0),
  created_by TEXT NOT NULL,
  created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE core.campaign_return (
  id            SERIAL PRIMARY KEY,
  campaign_id   INTEGER NOT NULL REFERENCES core.campaign (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  unit_code     TEXT NOT NULL,
  figures       JSONB NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  submitted_by  TEXT NOT NULL,
  submitted_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  superseded_at TIMESTAMPTZ(3)
);
CREATE UNIQUE INDEX campaign_return_current_idx ON core.campaign_return (campaign_id, unit_code) WHERE superseded_at IS NULL;
CREATE INDEX campaign_return_campaign_id_idx ON core.campaign_return (campaign_id);
