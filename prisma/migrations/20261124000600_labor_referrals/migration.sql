-- Storage of the labor-referrals connector (connectors/labor-referrals).
CREATE SCHEMA IF NOT EXISTS labor;

CREATE TYPE labor."LaborServiceKind" AS ENUM ('EMPLOYMENT_REFERRAL', 'VOCATIONAL_REHABILITATION');
CREATE TYPE labor."LaborOutcome" AS ENUM ('IN_PROGRESS', 'TRAINING', 'PLACED', 'CLOSED_WITHOUT_PLACEMENT');

CREATE TABLE labor.referral (
  case_number       TEXT PRIMARY KEY,
  person_id         INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  kind              labor."LaborServiceKind" NOT NULL,
  mental_disability BOOLEAN NOT NULL,
  referred_on       DATE NOT NULL,
  outcome           labor."LaborOutcome" NOT NULL,
  placed_on         DATE,
  source_updated_at TIMESTAMPTZ(3) NOT NULL,
  synced_at         TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX referral_person_id_idx ON labor.referral (person_id);
