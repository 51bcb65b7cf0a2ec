-- Shared bookkeeping of the agency connectors: cursors, quarantine, runs.
CREATE SCHEMA IF NOT EXISTS sync;

CREATE TABLE sync.cursor (
  connector  TEXT PRIMARY KEY,
  position   TEXT NOT NULL,
  updated_at TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE sync.quarantine (
  id            SERIAL PRIMARY KEY,
  connector     TEXT NOT NULL,
  source_key    TEXT NOT NULL,
  raw           JSONB NOT NULL,
  reason        TEXT NOT NULL,
  first_seen_at TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen_at  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX quarantine_connector_source_key_key ON sync.quarantine (connector, source_key);

CREATE TABLE sync.run (
  id          SERIAL PRIMARY KEY,
  connector   TEXT NOT NULL,
  source      TEXT NOT NULL,
  started_at  TIMESTAMPTZ(3) NOT NULL,
  finished_at TIMESTAMPTZ(3),
  read        INTEGER NOT NULL DEFAULT 0,
  inserted    INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  merged      INTEGER NOT NULL DEFAULT 0,
  quarantined INTEGER NOT NULL DEFAULT 0
);
