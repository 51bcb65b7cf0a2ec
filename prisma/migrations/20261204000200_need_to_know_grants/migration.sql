-- Need-to-know that cannot be self-granted (issue 10).
-- A referral gives its sender access only when the sender already served the
-- family (an open case of its own on it) when it sent it: recorded at sending.
ALTER TABLE core.referral ADD COLUMN sent_while_serving BOOLEAN NOT NULL DEFAULT false;
UPDATE core.referral r SET sent_while_serving = EXISTS (
  SELECT 1 FROM core."case" c
  WHERE c.family_id = r.family_id AND c.owner_unit_code = r.from_unit_code
    AND c.opened_on <= r.requested_at::date AND (c.closed_on IS NULL OR c.closed_on >= r.requested_at::date));
-- "Who else serves this person" and need-to-know look referrals up by person.
CREATE INDEX referral_person_id_idx ON core.referral (person_id);

-- Break-glass: a worker's time-boxed emergency access to one family, kept for
-- a supervisor of the worker's unit to review.
CREATE TABLE core.emergency_access (
  id          SERIAL PRIMARY KEY,
  family_id   INTEGER NOT NULL REFERENCES core.family (id),
  unit_code   TEXT NOT NULL REFERENCES core.network_unit (code),
  worker_id   TEXT NOT NULL,
  reason      TEXT NOT NULL,
  granted_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  expires_at  TIMESTAMPTZ(3) NOT NULL,
  reviewed_at TIMESTAMPTZ(3),
  reviewed_by TEXT,
  review_note TEXT,
  CHECK (expires_at > granted_at)
);
CREATE INDEX emergency_access_family_worker_idx ON core.emergency_access (family_id, worker_id);
CREATE INDEX emergency_access_unreviewed_idx ON core.emergency_access (unit_code, granted_at) WHERE reviewed_at IS NULL;
