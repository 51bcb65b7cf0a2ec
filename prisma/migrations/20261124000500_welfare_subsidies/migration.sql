-- Storage of the welfare-subsidies connector, and the record of processed drop files.
CREATE SCHEMA IF NOT EXISTS welfare;

CREATE TYPE welfare."WelfareStatusKind" AS ENUM ('LOW_INCOME', 'MIDDLE_LOW_INCOME');

CREATE TABLE welfare.status (
  id         SERIAL PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  kind       welfare."WelfareStatusKind" NOT NULL,
  valid_from DATE NOT NULL,
  valid_to   DATE,
  source_key TEXT NOT NULL,
  synced_at  TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX status_source_key_key ON welfare.status (source_key);
CREATE INDEX status_person_id_idx ON welfare.status (person_id);

CREATE TABLE welfare.subsidy (
  id             SERIAL PRIMARY KEY,
  person_id      INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  kind_code      TEXT NOT NULL,
  monthly_amount INTEGER NOT NULL CHECK (monthly_amount >= 0),
  from_month     DATE NOT NULL,
  to_month       DATE,
  source_key     TEXT NOT NULL,
  synced_at      TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX subsidy_source_key_key ON welfare.subsidy (source_key);
CREATE INDEX subsidy_person_id_idx ON welfare.subsidy (person_id);

CREATE TABLE sync.processed_file (
  connector    TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  name         TEXT NOT NULL,
  rows         INTEGER NOT NULL,
  processed_at TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (connector, sha256)
);
