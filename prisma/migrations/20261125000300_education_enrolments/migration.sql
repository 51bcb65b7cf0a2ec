-- Enrolments (在學紀錄) of the education-dropouts connector (connectors/education-dropouts).
CREATE TABLE education.enrolment (
  source_key        TEXT PRIMARY KEY,
  person_id         INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  school_code       TEXT NOT NULL,
  grade             INTEGER NOT NULL,
  enrolled_on       DATE NOT NULL,
  left_on           DATE,
  source_updated_at TIMESTAMPTZ(3) NOT NULL,
  synced_at         TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT enrolment_grade_check CHECK (grade BETWEEN 1 AND 12),
  CONSTRAINT enrolment_period_check CHECK (left_on IS NULL OR left_on >= enrolled_on)
);
CREATE INDEX enrolment_person_id_idx ON education.enrolment (person_id);
