-- labor-referrals may run on a database of its own too (issue 16): no
-- foreign key into core, and its indicator buckets take the district of
-- residence from the published person index instead of core.person. In this
-- shared database the index is a view on core, so the buckets are the same.
ALTER TABLE labor.referral DROP CONSTRAINT referral_person_id_fkey;

-- The district of residence, at the end (a view keeps its columns' order).
-- Published only into a connector's database whose index has the column
-- (src/db/publish-person-index.ts): labor-referrals counts by it.
CREATE OR REPLACE VIEW published.person AS
  SELECT p.id, p.national_id, p.name, core.name_key(p.name) AS name_key, p.sex::text AS sex, p.birth_date,
         CASE WHEN p.address_confidential THEN NULL ELSE p.address END AS address, r.household_number, p.district_code
  FROM core.person p LEFT JOIN household.registration r ON r.person_id = p.id;

DROP MATERIALIZED VIEW labor.indicator_buckets;
CREATE MATERIALIZED VIEW labor.indicator_buckets AS
SELECT 'VOCATIONAL_REHABILITATION_EMPLOYMENT'::text AS indicator, m.measure, p.district_code AS district,
       date_trunc('month', r.referred_on)::date AS first_month, date_trunc('month', r.referred_on)::date AS last_month, count(*) AS n
  FROM labor.referral r JOIN published.person p ON p.id = r.person_id
  CROSS JOIN LATERAL (VALUES ('D'), ('N')) AS m(measure)
  WHERE r.kind = 'VOCATIONAL_REHABILITATION' AND r.mental_disability AND (m.measure = 'D' OR r.outcome = 'PLACED')
  GROUP BY 2, 3, 4;
CREATE UNIQUE INDEX indicator_buckets_key ON labor.indicator_buckets (indicator, measure, district, first_month, last_month) NULLS NOT DISTINCT;
