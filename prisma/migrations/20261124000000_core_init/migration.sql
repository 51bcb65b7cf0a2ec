-- Core subgraph: master person index, families, cases, intakes, contacts,
-- referrals, organisations and assignments. Written by hand to match
-- prisma/schema/core.prisma (test/db/schema-matches-prisma.test.ts checks it).
CREATE SCHEMA IF NOT EXISTS core;

CREATE TYPE core."Sex" AS ENUM ('MALE', 'FEMALE', 'UNKNOWN');
CREATE TYPE core."Relationship" AS ENUM (
  'HEAD', 'SPOUSE', 'CHILD', 'CHILD_IN_LAW', 'GRANDCHILD', 'PARENT', 'PARENT_IN_LAW',
  'GRANDPARENT', 'SIBLING', 'OTHER_RELATIVE', 'NON_RELATIVE');
CREATE TYPE core."CaseKind" AS ENUM (
  'VULNERABLE_FAMILY', 'CHILD_PROTECTION', 'ADULT_PROTECTION', 'SEXUAL_ASSAULT', 'MENTAL_HEALTH',
  'SUICIDE', 'MENTAL_HEALTH_SUICIDE', 'DRUG_ADDICTION', 'AT_RISK_YOUTH', 'DV_OFFENDER_TREATMENT',
  'SEX_OFFENDER_TREATMENT', 'FAMILY_MEDIATION', 'EARLY_INTERVENTION', 'DISABILITY_NEEDS_ASSESSMENT');
CREATE TYPE core."CaseStatus" AS ENUM ('OPEN', 'CLOSED');
CREATE TYPE core."RiskLevel" AS ENUM ('LOW', 'MODERATE', 'HIGH', 'VERY_HIGH');
CREATE TYPE core."ContactKind" AS ENUM ('PHONE', 'VISIT', 'ACCOMPANIMENT', 'NETWORK_CONTACT', 'FAMILY_CALL', 'OTHER');
CREATE TYPE core."ReferralStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'CLOSED');

CREATE TABLE core.network_unit (
  code    TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  name_zh TEXT NOT NULL
);

CREATE TABLE core.district (
  code    TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  name_zh TEXT NOT NULL
);

CREATE TABLE core.organization (
  id               SERIAL PRIMARY KEY,
  name             TEXT NOT NULL,
  contract_regions TEXT[] NOT NULL,
  district_codes   TEXT[] NOT NULL
);

CREATE TABLE core.worker (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  unit_code       TEXT NOT NULL REFERENCES core.network_unit (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  organization_id INTEGER REFERENCES core.organization (id) ON UPDATE CASCADE ON DELETE SET NULL
);
CREATE INDEX worker_unit_code_idx ON core.worker (unit_code);

CREATE TABLE core.person (
  id                   SERIAL PRIMARY KEY,
  national_id          TEXT,
  name                 TEXT NOT NULL,
  sex                  core."Sex" NOT NULL,
  birth_date           DATE NOT NULL,
  address              TEXT,
  district_code        TEXT REFERENCES core.district (code) ON UPDATE CASCADE ON DELETE SET NULL,
  address_confidential BOOLEAN NOT NULL DEFAULT false,
  created_at           TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX person_national_id_key ON core.person (national_id);
CREATE INDEX person_name_birth_date_idx ON core.person (name, birth_date);

CREATE TABLE core.family (
  id            SERIAL PRIMARY KEY,
  district_code TEXT NOT NULL REFERENCES core.district (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  address       TEXT,
  created_at    TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX family_district_code_idx ON core.family (district_code);

CREATE TABLE core.family_membership (
  id           SERIAL PRIMARY KEY,
  family_id    INTEGER NOT NULL REFERENCES core.family (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  person_id    INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  relationship core."Relationship" NOT NULL,
  start_date   DATE NOT NULL,
  end_date     DATE,
  CONSTRAINT family_membership_period_check CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX family_membership_family_id_idx ON core.family_membership (family_id);
CREATE INDEX family_membership_person_id_idx ON core.family_membership (person_id);

CREATE TABLE core."case" (
  id                SERIAL PRIMARY KEY,
  kind              core."CaseKind" NOT NULL,
  status            core."CaseStatus" NOT NULL,
  family_id         INTEGER NOT NULL REFERENCES core.family (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  subject_person_id INTEGER REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE SET NULL,
  owner_unit_code   TEXT NOT NULL REFERENCES core.network_unit (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  lead_worker_id    TEXT REFERENCES core.worker (id) ON UPDATE CASCADE ON DELETE SET NULL,
  organization_id   INTEGER REFERENCES core.organization (id) ON UPDATE CASCADE ON DELETE SET NULL,
  district_code     TEXT NOT NULL REFERENCES core.district (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  risk_level        core."RiskLevel",
  opened_on         DATE NOT NULL,
  closed_on         DATE,
  CONSTRAINT case_closed_check CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL)),
  CONSTRAINT case_period_check CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
CREATE INDEX case_family_id_idx ON core."case" (family_id);
CREATE INDEX case_subject_person_id_idx ON core."case" (subject_person_id);
CREATE INDEX case_kind_status_idx ON core."case" (kind, status);
CREATE INDEX case_district_code_kind_idx ON core."case" (district_code, kind);

CREATE TABLE core.intake (
  id                      SERIAL PRIMARY KEY,
  kind                    core."CaseKind" NOT NULL,
  family_id               INTEGER REFERENCES core.family (id) ON UPDATE CASCADE ON DELETE SET NULL,
  subject_person_id       INTEGER REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE SET NULL,
  received_at             TIMESTAMPTZ(3) NOT NULL,
  triaged_at              TIMESTAMPTZ(3),
  dispatched_at           TIMESTAMPTZ(3),
  dispatched_to_unit_code TEXT REFERENCES core.network_unit (code) ON UPDATE CASCADE ON DELETE SET NULL,
  re_report               BOOLEAN NOT NULL DEFAULT false,
  case_id                 INTEGER REFERENCES core."case" (id) ON UPDATE CASCADE ON DELETE SET NULL,
  received_by_worker_id   TEXT,
  CONSTRAINT intake_triage_order_check CHECK (triaged_at IS NULL OR triaged_at >= received_at),
  CONSTRAINT intake_dispatch_order_check CHECK (dispatched_at IS NULL OR (triaged_at IS NOT NULL AND dispatched_at >= triaged_at))
);
CREATE INDEX intake_family_id_idx ON core.intake (family_id);
CREATE INDEX intake_case_id_idx ON core.intake (case_id);
CREATE INDEX intake_received_at_idx ON core.intake (received_at);

CREATE TABLE core.service_contact (
  id           SERIAL PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES core."case" (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  kind         core."ContactKind" NOT NULL,
  contacted_on DATE NOT NULL,
  unit_code    TEXT NOT NULL REFERENCES core.network_unit (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  worker_id    TEXT,
  created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX service_contact_case_id_idx ON core.service_contact (case_id);

CREATE TABLE core.referral (
  id             SERIAL PRIMARY KEY,
  family_id      INTEGER NOT NULL REFERENCES core.family (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  person_id      INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  from_unit_code TEXT NOT NULL REFERENCES core.network_unit (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  to_unit_code   TEXT NOT NULL REFERENCES core.network_unit (code) ON UPDATE CASCADE ON DELETE RESTRICT,
  reason         TEXT NOT NULL,
  status         core."ReferralStatus" NOT NULL DEFAULT 'PENDING',
  requested_at   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  requested_by   TEXT NOT NULL,
  responded_at   TIMESTAMPTZ(3),
  responded_by   TEXT,
  decline_reason TEXT,
  closed_at      TIMESTAMPTZ(3),
  closed_by      TEXT,
  closing_note   TEXT,
  CONSTRAINT referral_decline_reason_check CHECK (status <> 'DECLINED' OR decline_reason IS NOT NULL)
);
CREATE INDEX referral_family_id_idx ON core.referral (family_id);
CREATE INDEX referral_to_unit_code_status_idx ON core.referral (to_unit_code, status);

CREATE TABLE core.assignment (
  id              SERIAL PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES core."case" (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  organization_id INTEGER NOT NULL REFERENCES core.organization (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  start_date      DATE NOT NULL,
  end_date        DATE,
  CONSTRAINT assignment_period_check CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX assignment_case_id_idx ON core.assignment (case_id);
CREATE INDEX assignment_organization_id_idx ON core.assignment (organization_id);
