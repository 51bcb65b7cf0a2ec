-- Household registration events (connectors/household-registration): births,
-- moves, marriages, divorces and deaths, one row per registration number.
CREATE TYPE household."HouseholdEventKind" AS ENUM ('BIRTH', 'MOVE_IN', 'MOVE_OUT', 'MARRIAGE', 'DIVORCE', 'DEATH');

CREATE TABLE household.event (
  id                SERIAL PRIMARY KEY,
  person_id         INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  kind              household."HouseholdEventKind" NOT NULL,
  occurred_on       DATE NOT NULL,
  household_number  TEXT,
  district_code     TEXT,
  source_key        TEXT NOT NULL,
  source_updated_at TIMESTAMPTZ(3) NOT NULL,
  synced_at         TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX event_source_key_key ON household.event (source_key);
CREATE INDEX event_person_id_occurred_on_idx ON household.event (person_id, occurred_on);
