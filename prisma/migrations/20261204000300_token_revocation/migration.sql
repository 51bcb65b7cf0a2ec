-- Token revocation (issue 11): a deny-list checked on every request. A token
-- is refused while an active entry names its subject (sub), its id (jti), its
-- unit or its organisation (org); lifting an entry keeps it as history.
CREATE TABLE core.revocation (
  id          SERIAL PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('SUBJECT', 'TOKEN', 'UNIT', 'ORG')),
  value       TEXT NOT NULL CHECK (value <> ''),
  reason      TEXT NOT NULL,
  revoked_by  TEXT NOT NULL,
  revoked_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  lifted_at   TIMESTAMPTZ(3),
  lifted_by   TEXT,
  lift_reason TEXT,
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL)),
  CHECK (lifted_at IS NULL OR lifted_at >= revoked_at)
);
-- One active entry per subject, token, unit or organisation; every hub reads the active ones.
CREATE UNIQUE INDEX revocation_active_idx ON core.revocation (kind, value) WHERE lifted_at IS NULL;
