-- Audit entries name the records written (issue 10) and flag break-glass
-- access; refused mutations are recorded as attempts.
ALTER TABLE audit.entry ADD COLUMN records TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE audit.entry ADD COLUMN break_glass BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE audit.entry DROP CONSTRAINT entry_kind_check;
ALTER TABLE audit.entry ADD CONSTRAINT entry_kind_check CHECK (kind IN ('READ', 'WRITE', 'REFUSED'));

-- The signed head of the chain: its one row names the newest entry, its hash
-- and the number of entries, signed (HMAC-SHA256) with the hub's audit key.
-- The hash chain alone cannot show that the newest entries were deleted, or
-- that the newest was rewritten and its hash recomputed; the signature can,
-- since only the hub holds the key. Writers lock this row, which also puts
-- concurrent appends in order.
CREATE TABLE audit.head (
  id         INTEGER PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  last_id    BIGINT NOT NULL,
  last_hash  TEXT NOT NULL,
  entries    BIGINT NOT NULL,
  -- Both null until the first append signs the head: SQL cannot sign, as the
  -- key never enters the database.
  signed_at  TIMESTAMPTZ(3),
  signature  TEXT
);
INSERT INTO audit.head (last_id, last_hash, entries)
SELECT coalesce(max(id), 0),
       coalesce((SELECT hash FROM audit.entry ORDER BY id DESC LIMIT 1), repeat('0', 64)),
       count(*)
FROM audit.entry;

-- The row is only ever updated: a second row or a missing one is refused.
CREATE TRIGGER head_one_row BEFORE INSERT OR DELETE ON audit.head
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER head_no_truncate BEFORE TRUNCATE ON audit.head
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
