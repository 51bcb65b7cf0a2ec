-- Each attempt of core's job runner at publishing into a connector's own
-- database (issue 16; src/ops/publication-schedule.ts): the person index on
-- its cadence, the token deny-list on its shorter one. Kept in the hub's
-- database beside sync.attempt, so a target that fails is visible in
-- syncStatus without reading any log. Where the target lives is never
-- written here: the operators' setting names it.
CREATE TABLE sync.publication_attempt (
  id            BIGSERIAL PRIMARY KEY,
  -- The connector whose own database it is (a name of HUB_PERSON_INDEX_TARGETS).
  target        TEXT NOT NULL,
  -- person-index: the index (and the deny-list with it); revocations: the deny-list alone.
  kind          TEXT NOT NULL CHECK (kind IN ('person-index', 'revocations')),
  -- The time the job queue meant it to start: started_at minus this is the queue's latency.
  scheduled_for TIMESTAMPTZ(3),
  -- 1 for a scheduled run, 2.. for the job queue's retries after a failure.
  attempt       INTEGER NOT NULL DEFAULT 1,
  started_at    TIMESTAMPTZ(3) NOT NULL,
  finished_at   TIMESTAMPTZ(3),
  outcome       TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed')),
  -- Persons in the target's index after the attempt (person-index only).
  persons       INTEGER,
  -- Persons written (added or changed) and removed by the attempt: all of them for a whole copy.
  written       INTEGER,
  removed       INTEGER,
  -- whole: the index replaced whole (the first publication); changes: only what differed.
  mode          TEXT CHECK (mode IN ('whole', 'changes')),
  -- Active deny-list entries published.
  revocations   INTEGER,
  -- One line, without addresses.
  error         TEXT,
  -- When the job queue will run this publication next, as scheduled at the end of the attempt.
  next_run_at   TIMESTAMPTZ(3),
  CONSTRAINT publication_attempt_finished_when_done CHECK ((outcome = 'running') = (finished_at IS NULL))
);

CREATE INDEX publication_attempt_target_started ON sync.publication_attempt (target, kind, started_at DESC);
