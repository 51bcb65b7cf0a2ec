-- A reviewer's decisions about whom an agency record is (GraphQL
-- resolveIdentity / unlinkRecord): they stick across later syncs, so a manual
-- link survives a re-export of the same row and a rejected candidate is not
-- suggested or linked again. Withdrawn decisions stay, for the record.
CREATE TABLE sync.identity_decision (
  id           SERIAL PRIMARY KEY,
  connector    TEXT NOT NULL,
  source_key   TEXT NOT NULL,
  -- LINK: the record is person_id. REJECT: the record is not person_id.
  decision     TEXT NOT NULL CHECK (decision IN ('LINK', 'REJECT')),
  person_id    INTEGER NOT NULL REFERENCES core.person (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  reason       TEXT NOT NULL,
  decided_by   TEXT NOT NULL,
  decided_at   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  withdrawn_at TIMESTAMPTZ(3),
  withdrawn_by TEXT
);
-- One standing link per record.
CREATE UNIQUE INDEX identity_decision_one_link ON sync.identity_decision (connector, source_key) WHERE decision = 'LINK' AND withdrawn_at IS NULL;
CREATE INDEX identity_decision_standing_idx ON sync.identity_decision (connector, source_key) WHERE withdrawn_at IS NULL;

-- Records held because identity linking could not settle whom they are:
-- the candidates it found (person, score, the fields that disagree) and the
-- record's own identifiers, for the owning unit's reviewers. A row leaves
-- when its record is taken in.
CREATE TABLE sync.identity_review (
  connector   TEXT NOT NULL,
  source_key  TEXT NOT NULL,
  -- REVIEW: a reviewer decides between candidates. NEW_PERSON: nobody in the index is close.
  outcome     TEXT NOT NULL CHECK (outcome IN ('REVIEW', 'NEW_PERSON')),
  reason      TEXT NOT NULL,
  candidates  JSONB NOT NULL,
  -- The record's identifiers as linking read them: nationalId, name, birthDate, householdNumber, address.
  claim       JSONB NOT NULL,
  updated_at  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (connector, source_key)
);
