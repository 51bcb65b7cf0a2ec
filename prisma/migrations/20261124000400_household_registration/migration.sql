-- Storage of the household-registration connector (connectors/household-registration).
CREATE SCHEMA IF NOT EXISTS household;

CREATE TABLE household.registration (
  person_id         INTEGER PRIMARY KEY REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  household_number  TEXT NOT NULL,
  relationship      core."Relationship" NOT NULL,
  address           TEXT,
  district_code     TEXT,
  registered_on     DATE,
  source_key        TEXT NOT NULL,
  source_updated_at TIMESTAMPTZ(3) NOT NULL,
  synced_at         TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX registration_source_key_idx ON household.registration (source_key);
CREATE INDEX registration_household_number_idx ON household.registration (household_number);
