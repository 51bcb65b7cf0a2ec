-- What every connector on a database of its own has besides its records
-- (issue 16): the identity decisions and review queue its sync applies and
-- fills, as the shared database has them but without the foreign key into
-- core, and the `published` tables core publishes into. A connector's own
-- folder may widen the published person index by a column it needs (and only
-- then is that column published to it).

-- Reviewers' identity decisions and the records held for review (as 20261204000800, without the foreign key into core).
CREATE TABLE sync.identity_decision (
  id           SERIAL PRIMARY KEY,
  connector    TEXT NOT NULL,
  source_key   TEXT NOT NULL,
  decision     TEXT NOT NULL CHECK (decision IN ('LINK', 'REJECT')),
  person_id    INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  decided_by   TEXT NOT NULL,
  decided_at   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  withdrawn_at TIMESTAMPTZ(3),
  withdrawn_by TEXT
);
CREATE UNIQUE INDEX identity_decision_one_link ON sync.identity_decision (connector, source_key) WHERE decision = 'LINK' AND withdrawn_at IS NULL;
CREATE INDEX identity_decision_standing_idx ON sync.identity_decision (connector, source_key) WHERE withdrawn_at IS NULL;
CREATE TABLE sync.identity_review (
  connector   TEXT NOT NULL,
  source_key  TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('REVIEW', 'NEW_PERSON')),
  reason      TEXT NOT NULL,
  candidates  JSONB NOT NULL,
  claim       JSONB NOT NULL,
  updated_at  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (connector, source_key)
);

-- What core publishes into this database (src/db/publish-person-index.ts):
-- the same relations the shared database has as views on core, here tables
-- that only the publisher writes.
CREATE SCHEMA published;
-- The person index identity linking matches against: only what it compares.
CREATE TABLE published.person (
  id               INTEGER PRIMARY KEY,
  national_id      TEXT UNIQUE,
  name             TEXT NOT NULL,
  -- core.name_key(name), computed by core: the same key nameKey() gives.
  name_key         TEXT NOT NULL,
  sex              TEXT NOT NULL,
  birth_date       DATE NOT NULL,
  -- NULL for a confidential address: it never leaves core.
  address          TEXT,
  household_number TEXT
);
CREATE INDEX person_name_key_idx ON published.person (name_key, birth_date);
-- The active entries of the token deny-list.
CREATE TABLE published.revocation (
  kind  TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (kind, value)
);
-- When core last published, and how much: a stale index is visible.
CREATE TABLE published.publication (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  published_at TIMESTAMPTZ(3) NOT NULL,
  persons      INTEGER NOT NULL,
  revocations  INTEGER NOT NULL
);
