-- Indicator buckets of the connectors that own KPI indicators: their
-- records counted per indicator, measure (N numerator, D denominator),
-- district (of the person in the master person index) and month span
-- (first_month .. last_month; last_month NULL while it lasts). Any period
-- made of whole months is then a sum over a few thousand rows instead of a
-- join of hundreds of thousands of records with the person index.
-- Refreshed after each sync (connectors/kit/indicator-buckets.ts).

CREATE MATERIALIZED VIEW welfare.indicator_buckets AS
SELECT 'DEVELOPMENT_ACCOUNT_DEPOSIT_RATE'::text AS indicator, 'D'::text AS measure, p.district_code AS district, d.month AS first_month, d.month AS last_month, count(*) AS n
  FROM welfare.development_account_deposit d JOIN core.person p ON p.id = d.person_id GROUP BY 3, 4
UNION ALL
SELECT 'DEVELOPMENT_ACCOUNT_DEPOSIT_RATE', 'N', p.district_code, d.month, d.month, count(*)
  FROM welfare.development_account_deposit d JOIN core.person p ON p.id = d.person_id WHERE d.amount > 0 GROUP BY 3, 4
UNION ALL
SELECT 'DEVELOPMENT_ACCOUNT_FOLLOWUP_VISITS', 'N', p.district_code, date_trunc('month', v.visit_date)::date, date_trunc('month', v.visit_date)::date, count(*)
  FROM welfare.account_followup_visit v JOIN core.person p ON p.id = v.person_id GROUP BY 3, 4
UNION ALL
SELECT 'DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE', 'N', p.district_code, date_trunc('month', v.visit_date)::date, date_trunc('month', v.visit_date)::date, count(*)
  FROM welfare.needs_assessment_visit v JOIN core.person p ON p.id = v.person_id GROUP BY 3, 4
UNION ALL
-- A certificate counts in every period it is valid in.
SELECT 'DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE', 'D', p.district_code, date_trunc('month', c.valid_from)::date, date_trunc('month', c.valid_to)::date, count(*)
  FROM welfare.disability_certificate c JOIN core.person p ON p.id = c.person_id GROUP BY 3, 4, 5;
CREATE UNIQUE INDEX indicator_buckets_key ON welfare.indicator_buckets (indicator, measure, district, first_month, last_month) NULLS NOT DISTINCT;

CREATE MATERIALIZED VIEW education.indicator_buckets AS
SELECT 'SCHOOL_REFERRALS_OPENED'::text AS indicator, m.measure, p.district_code AS district,
       date_trunc('month', e.started_on)::date AS first_month, date_trunc('month', e.started_on)::date AS last_month, count(*) AS n
  FROM education.dropout_episode e JOIN core.person p ON p.id = e.person_id
  CROSS JOIN LATERAL (VALUES ('D'), ('N')) AS m(measure)
  WHERE e.referred_to_counselling AND (m.measure = 'D' OR e.case_opened)
  GROUP BY 2, 3, 4;
CREATE UNIQUE INDEX indicator_buckets_key ON education.indicator_buckets (indicator, measure, district, first_month, last_month) NULLS NOT DISTINCT;

CREATE MATERIALIZED VIEW labor.indicator_buckets AS
SELECT 'VOCATIONAL_REHABILITATION_EMPLOYMENT'::text AS indicator, m.measure, p.district_code AS district,
       date_trunc('month', r.referred_on)::date AS first_month, date_trunc('month', r.referred_on)::date AS last_month, count(*) AS n
  FROM labor.referral r JOIN core.person p ON p.id = r.person_id
  CROSS JOIN LATERAL (VALUES ('D'), ('N')) AS m(measure)
  WHERE r.kind = 'VOCATIONAL_REHABILITATION' AND r.mental_disability AND (m.measure = 'D' OR r.outcome = 'PLACED')
  GROUP BY 2, 3, 4;
CREATE UNIQUE INDEX indicator_buckets_key ON labor.indicator_buckets (indicator, measure, district, first_month, last_month) NULLS NOT DISTINCT;
