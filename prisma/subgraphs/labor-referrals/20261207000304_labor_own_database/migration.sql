-- The labor-referrals connector on a database of its own (issue 16). With
-- the shared migrations its set names and the connector kit's, this builds
-- what the hub's shared database has in these schemas after
-- 20261207000303_labor_without_core_references, with no core schema
-- (test/gateway/connector-own-database.test.ts compares the two).

-- The connector's own records (as 20261124000600, without the foreign key into core).
CREATE SCHEMA IF NOT EXISTS labor;
CREATE TYPE labor."LaborServiceKind" AS ENUM ('EMPLOYMENT_REFERRAL', 'VOCATIONAL_REHABILITATION');
CREATE TYPE labor."LaborOutcome" AS ENUM ('IN_PROGRESS', 'TRAINING', 'PLACED', 'CLOSED_WITHOUT_PLACEMENT');
CREATE TABLE labor.referral (
  case_number       TEXT PRIMARY KEY,
  person_id         INTEGER NOT NULL,
  kind              labor."LaborServiceKind" NOT NULL,
  mental_disability BOOLEAN NOT NULL,
  referred_on       DATE NOT NULL,
  outcome           labor."LaborOutcome" NOT NULL,
  placed_on         DATE,
  source_updated_at TIMESTAMPTZ(3) NOT NULL,
  synced_at         TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX referral_person_id_idx ON labor.referral (person_id);

-- Its indicators count by district of residence: that column is published to it (and to no connector without it).
ALTER TABLE published.person ADD COLUMN district_code TEXT;

-- The indicator buckets, word for word as in the shared database (refreshed after each sync and each publication).
CREATE MATERIALIZED VIEW labor.indicator_buckets AS
SELECT 'VOCATIONAL_REHABILITATION_EMPLOYMENT'::text AS indicator, m.measure, p.district_code AS district,
       date_trunc('month', r.referred_on)::date AS first_month, date_trunc('month', r.referred_on)::date AS last_month, count(*) AS n
  FROM labor.referral r JOIN published.person p ON p.id = r.person_id
  CROSS JOIN LATERAL (VALUES ('D'), ('N')) AS m(measure)
  WHERE r.kind = 'VOCATIONAL_REHABILITATION' AND r.mental_disability AND (m.measure = 'D' OR r.outcome = 'PLACED')
  GROUP BY 2, 3, 4;
CREATE UNIQUE INDEX indicator_buckets_key ON labor.indicator_buckets (indicator, measure, district, first_month, last_month) NULLS NOT DISTINCT;
