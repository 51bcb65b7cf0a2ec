-- Records stored although a field was broken (connectors/kit/identity-fields.ts):
-- which field and why, per record, for the owning agency to correct. A row
-- leaves when a later export of the record is sound.
CREATE TABLE sync.data_quality (
  connector   TEXT NOT NULL,
  source_key  TEXT NOT NULL,
  notes       TEXT[] NOT NULL,
  updated_at  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (connector, source_key)
);
