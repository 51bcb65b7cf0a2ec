-- The rest of the welfare system's content: children's development-account
-- deposits and follow-up visits to households that did not deposit, disability
-- certificates and needs-assessment visits. Indexed on person and on the
-- month/date columns, so deposit and visit rates count by period in SQL.

CREATE TABLE welfare.development_account_deposit (
  id         SERIAL PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  account_no TEXT NOT NULL,
  opened_on  DATE NOT NULL,
  month      DATE NOT NULL CHECK (extract(day FROM month) = 1),
  amount     INTEGER NOT NULL CHECK (amount >= 0),
  source_key TEXT NOT NULL,
  synced_at  TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX development_account_deposit_source_key_key ON welfare.development_account_deposit (source_key);
CREATE INDEX development_account_deposit_person_id_idx ON welfare.development_account_deposit (person_id);
CREATE INDEX development_account_deposit_month_idx ON welfare.development_account_deposit (month);

CREATE TABLE welfare.account_followup_visit (
  id           SERIAL PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  account_no   TEXT NOT NULL,
  missed_month DATE NOT NULL,
  visit_date   DATE NOT NULL,
  source_key   TEXT NOT NULL,
  synced_at    TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX account_followup_visit_source_key_key ON welfare.account_followup_visit (source_key);
CREATE INDEX account_followup_visit_person_id_idx ON welfare.account_followup_visit (person_id);
CREATE INDEX account_followup_visit_visit_date_idx ON welfare.account_followup_visit (visit_date);

CREATE TABLE welfare.disability_certificate (
  id            SERIAL PRIMARY KEY,
  person_id     INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  category_code TEXT NOT NULL,
  level_code    TEXT NOT NULL,
  valid_from    DATE NOT NULL,
  valid_to      DATE CHECK (valid_to >= valid_from),
  source_key    TEXT NOT NULL,
  synced_at     TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX disability_certificate_source_key_key ON welfare.disability_certificate (source_key);
CREATE INDEX disability_certificate_person_id_idx ON welfare.disability_certificate (person_id);
CREATE INDEX disability_certificate_valid_from_valid_to_idx ON welfare.disability_certificate (valid_from, valid_to);

CREATE TABLE welfare.needs_assessment_visit (
  id         SERIAL PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  visit_date DATE NOT NULL,
  source_key TEXT NOT NULL,
  synced_at  TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX needs_assessment_visit_source_key_key ON welfare.needs_assessment_visit (source_key);
CREATE INDEX needs_assessment_visit_person_id_idx ON welfare.needs_assessment_visit (person_id);
CREATE INDEX needs_assessment_visit_visit_date_idx ON welfare.needs_assessment_visit (visit_date);
