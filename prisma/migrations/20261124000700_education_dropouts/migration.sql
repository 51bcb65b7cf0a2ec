-- Storage of the education-dropouts connector (connectors/education-dropouts).
CREATE SCHEMA IF NOT EXISTS education;

CREATE TABLE education.dropout_episode (
  source_key              TEXT PRIMARY KEY,
  person_id               INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  school_code             TEXT NOT NULL,
  started_on              DATE NOT NULL,
  returned_on             DATE,
  referred_to_counselling BOOLEAN NOT NULL,
  case_opened             BOOLEAN NOT NULL,
  source_updated_at       TIMESTAMPTZ(3) NOT NULL,
  synced_at               TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT dropout_episode_period_check CHECK (returned_on IS NULL OR returned_on >= started_on)
);
CREATE INDEX dropout_episode_person_id_idx ON education.dropout_episode (person_id);
