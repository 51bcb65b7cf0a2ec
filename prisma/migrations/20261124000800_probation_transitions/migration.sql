-- Storage of the probation-transitions connector (connectors/probation-transitions).
CREATE SCHEMA IF NOT EXISTS probation;

CREATE TYPE probation."TransitionKind" AS ENUM ('DEFERRED_PROSECUTION_DRUG_TREATMENT', 'PRISON_RELEASE', 'HOSPITAL_RELEASE');

CREATE TABLE probation.transition (
  source_key        TEXT PRIMARY KEY,
  person_id         INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  kind              probation."TransitionKind" NOT NULL,
  started_on        DATE NOT NULL,
  release_on        DATE,
  meeting_on        DATE,
  invited_units     TEXT[] NOT NULL,
  source_updated_at TIMESTAMPTZ(3) NOT NULL,
  synced_at         TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX transition_person_id_idx ON probation.transition (person_id);
