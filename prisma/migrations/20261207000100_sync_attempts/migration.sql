-- Each attempt at a connector's sync, whoever started it (the job queue on its
-- schedule, `npm run sync`, the first start): what syncStatus and the metrics
-- report. sync.run stays the connectors' own record of completed runs (the
-- freshness of their records reads it); an attempt that fails leaves its error
-- here, so a failing source is visible without reading any log.
CREATE TABLE sync.attempt (
  id            BIGSERIAL PRIMARY KEY,
  connector     TEXT NOT NULL,
  -- schedule: the job queue; cli: `npm run sync`; first-start: the seeding start.
  trigger       TEXT NOT NULL CHECK (trigger IN ('schedule', 'cli', 'first-start')),
  -- The time the job queue meant it to start (schedule only): started_at minus this is the queue's latency.
  scheduled_for TIMESTAMPTZ(3),
  -- 1 for a scheduled run, 2.. for the job queue's retries after a failure.
  attempt       INTEGER NOT NULL DEFAULT 1,
  started_at    TIMESTAMPTZ(3) NOT NULL,
  finished_at   TIMESTAMPTZ(3),
  outcome       TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed')),
  read          INTEGER NOT NULL DEFAULT 0,
  inserted      INTEGER NOT NULL DEFAULT 0,
  updated       INTEGER NOT NULL DEFAULT 0,
  unchanged     INTEGER NOT NULL DEFAULT 0,
  merged        INTEGER NOT NULL DEFAULT 0,
  quarantined   INTEGER NOT NULL DEFAULT 0,
  -- Where the connector stands in its source after the attempt: a timestamp or a file name, never a record's content.
  cursor        TEXT,
  -- One line, at most 400 characters: what failed, as the connector's own error says it (sources name themselves, not persons).
  error         TEXT,
  -- When the job queue will run the connector next, as scheduled at the end of this attempt.
  next_run_at   TIMESTAMPTZ(3),
  CONSTRAINT attempt_finished_when_done CHECK ((outcome = 'running') = (finished_at IS NULL))
);

CREATE INDEX attempt_connector_started ON sync.attempt (connector, started_at DESC);
