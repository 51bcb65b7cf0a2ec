-- The audit trail: append-only (updates, deletes and truncation are refused
-- by triggers) and hash-chained (each entry's hash covers the previous hash),
-- so `npm run audit:verify` detects an edited, inserted or deleted entry.
CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE audit.entry (
  id              BIGSERIAL PRIMARY KEY,
  at              TIMESTAMPTZ(3) NOT NULL,
  request_id      TEXT NOT NULL,
  sub             TEXT NOT NULL,
  unit            TEXT NOT NULL,
  org             INTEGER,
  purpose         TEXT,
  operation       TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('READ', 'WRITE')),
  person_ids      INTEGER[] NOT NULL,
  returned_fields TEXT[] NOT NULL,
  masked_fields   TEXT[] NOT NULL,
  denied_fields   TEXT[] NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);
CREATE INDEX entry_at_idx ON audit.entry (at);
CREATE INDEX entry_person_ids_idx ON audit.entry USING GIN (person_ids);

CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only';
END;
$$;

CREATE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON audit.entry
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON audit.entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
