-- Per-subject request and cost quotas, and idempotency keys for mutations
-- (issue 11). Gateway state shared by every replica, so it lives in the
-- database; its own schema keeps it apart from the subgraphs' records.
CREATE SCHEMA IF NOT EXISTS gateway;

-- The table rate-limiter-flexible's RateLimiterPostgres reads and writes
-- (its documented layout: key, points, expire in epoch milliseconds). The
-- key is "<rate|cost>:<sha256 of the token subject>"; the library's own
-- statement declares it varchar(255), TEXT holds the same values.
CREATE TABLE gateway.request_quota (
  key    TEXT PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire BIGINT
);

-- One row per (subject, Idempotency-Key): claimed before the mutation runs,
-- finished with its answer after. The answer holds person data: it is kept
-- here only until expires_at and never logged.
CREATE TABLE gateway.idempotency_key (
  subject_hash TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  claimed_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  finished_at  TIMESTAMPTZ(3),
  status       INTEGER,
  content_type TEXT,
  response     TEXT,
  expires_at   TIMESTAMPTZ(3) NOT NULL,
  PRIMARY KEY (subject_hash, key),
  CHECK (char_length(key) BETWEEN 1 AND 100),
  CHECK ((finished_at IS NULL) = (response IS NULL))
);
CREATE INDEX idempotency_key_expires_at_idx ON gateway.idempotency_key (expires_at);
