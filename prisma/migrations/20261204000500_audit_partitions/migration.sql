-- The audit trail by month (issue 12): audit.entry becomes a table
-- partitioned by RANGE on `at`, one partition per calendar month in UTC, so
-- that whole old months can be dropped under a signed checkpoint
-- (audit.checkpoint, written by `npm run audit:retain`) while the chain stays
-- verifiable. Every row is kept exactly (ids, hashes, every column) and the
-- id sequence goes on where it was.
--
-- Month partitions are made ahead (this month and the next) by
-- audit.add_month_partitions, which the hub calls once per process and month
-- (src/audit/month-partitions.ts); the DEFAULT partition takes any entry
-- whose month has no partition yet, so an append never fails for want of
-- one, and adding that month later moves its entries out of DEFAULT.

-- 1. The old table steps aside; its sequence must outlive it.
ALTER SEQUENCE audit.entry_id_seq OWNED BY NONE;
ALTER TABLE audit.entry RENAME TO entry_before_partitions;

-- Same columns in the same order as before, so `SELECT *` and
-- json_populate_record(NULL::audit.entry, …) read and write as they did.
-- A primary key of a partitioned table must hold the partition key: (id, at).
-- The sequence keeps ids unique; lookups by id use the key's leading column.
CREATE TABLE audit.entry (
  id              BIGINT NOT NULL DEFAULT nextval('audit.entry_id_seq'),
  at              TIMESTAMPTZ(3) NOT NULL,
  request_id      TEXT NOT NULL,
  sub             TEXT NOT NULL,
  unit            TEXT NOT NULL,
  org             INTEGER,
  purpose         TEXT,
  operation       TEXT NOT NULL,
  kind            TEXT NOT NULL CONSTRAINT entry_kind_check CHECK (kind IN ('READ', 'WRITE', 'REFUSED')),
  person_ids      INTEGER[] NOT NULL,
  returned_fields TEXT[] NOT NULL,
  masked_fields   TEXT[] NOT NULL,
  denied_fields   TEXT[] NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL,
  records         TEXT[] NOT NULL DEFAULT '{}',
  break_glass     BOOLEAN NOT NULL DEFAULT false
) PARTITION BY RANGE (at);
ALTER SEQUENCE audit.entry_id_seq OWNED BY audit.entry.id;

-- 2. Month arithmetic in UTC whatever the session's time zone: a month added
-- in a zone with daylight saving would otherwise move the bound by an hour.
CREATE FUNCTION audit.month_start(t TIMESTAMPTZ) RETURNS TIMESTAMPTZ
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT date_trunc('month', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;

CREATE FUNCTION audit.add_months(t TIMESTAMPTZ, n INTEGER) RETURNS TIMESTAMPTZ
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT ((t AT TIME ZONE 'UTC') + make_interval(months => n)) AT TIME ZONE 'UTC'
$$;

-- TRUNCATE triggers are not inherited by partitions, and a partition can be
-- truncated on its own: each one gets its own.
CREATE FUNCTION audit.refuse_truncate_of(target REGCLASS) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()', target);
END;
$$;

-- One month's partition, named entry_YYYY_MM, bounds in UTC.
CREATE FUNCTION audit.create_month_partition(month_in TIMESTAMPTZ) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  lower_bound TIMESTAMPTZ := audit.month_start(month_in);
  upper_bound TIMESTAMPTZ := audit.add_months(audit.month_start(month_in), 1);
  partition_name TEXT := 'entry_' || to_char(lower_bound AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
  EXECUTE format(
    'CREATE TABLE audit.%I PARTITION OF audit.entry FOR VALUES FROM (%L) TO (%L)', partition_name,
    to_char(lower_bound AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00"'),
    to_char(upper_bound AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00"'));
  PERFORM audit.refuse_truncate_of(format('audit.%I', partition_name)::regclass);
END;
$$;

-- The DEFAULT partition, named entry_default.
CREATE FUNCTION audit.create_default_partition() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TABLE audit.entry_default PARTITION OF audit.entry DEFAULT;
  PERFORM audit.refuse_truncate_of('audit.entry_default'::regclass);
END;
$$;

-- Adds the partitions of the given months that do not exist yet; returns how
-- many it added. PostgreSQL refuses a partition for a month whose entries sit
-- in DEFAULT, so then DEFAULT is replaced: detached, the months added, a new
-- DEFAULT made, and every row of the old one inserted again through
-- audit.entry (each lands in its month's partition, or in the new DEFAULT)
-- before the old one is dropped — all in the caller's transaction, so no
-- entry is ever missing, and nothing is deleted (the append-only triggers
-- stay on). Waits for an advisory lock so that two hubs do not race.
CREATE FUNCTION audit.add_month_partitions(months TIMESTAMPTZ[]) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  missing TIMESTAMPTZ[];
  wanted_month TIMESTAMPTZ;
  replaced_index REGCLASS;
  moved BIGINT;
  kept BIGINT;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit.entry month partitions'));
  SELECT coalesce(array_agg(m ORDER BY m), '{}') INTO missing
  FROM (SELECT DISTINCT audit.month_start(t) AS m FROM unnest(months) AS t WHERE t IS NOT NULL) AS wanted
  WHERE to_regclass(format('audit.%I', 'entry_' || to_char(m AT TIME ZONE 'UTC', 'YYYY_MM'))) IS NULL;
  IF cardinality(missing) = 0 THEN
    RETURN 0;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM audit.entry_default d, unnest(missing) AS m
    WHERE d.at >= m AND d.at < audit.add_months(m, 1)
  ) THEN
    FOREACH wanted_month IN ARRAY missing LOOP
      PERFORM audit.create_month_partition(wanted_month);
    END LOOP;
    RETURN cardinality(missing);
  END IF;

  ALTER TABLE audit.entry DETACH PARTITION audit.entry_default;
  ALTER TABLE audit.entry_default RENAME TO entry_default_replaced;
  -- Its indexes step aside too, so the new DEFAULT's take the usual names.
  FOR replaced_index IN SELECT indexrelid FROM pg_index WHERE indrelid = 'audit.entry_default_replaced'::regclass LOOP
    EXECUTE format('ALTER INDEX %s RENAME TO %I', replaced_index::regclass, 'entry_default_replaced_' || replaced_index::oid);
  END LOOP;
  FOREACH wanted_month IN ARRAY missing LOOP
    PERFORM audit.create_month_partition(wanted_month);
  END LOOP;
  PERFORM audit.create_default_partition();
  INSERT INTO audit.entry (id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields,
                           masked_fields, denied_fields, prev_hash, hash, records, break_glass)
  SELECT id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields,
         masked_fields, denied_fields, prev_hash, hash, records, break_glass
  FROM audit.entry_default_replaced ORDER BY id;
  GET DIAGNOSTICS moved = ROW_COUNT;
  SELECT count(*) INTO kept FROM audit.entry_default_replaced;
  IF moved <> kept THEN
    RAISE EXCEPTION 'audit.add_month_partitions: % of % entries of the DEFAULT partition were moved', moved, kept;
  END IF;
  DROP TABLE audit.entry_default_replaced;
  RETURN cardinality(missing);
END;
$$;

-- 3. Partitions for every month the trail holds, this month and the next,
-- and DEFAULT; then the rows, in id order.
SELECT audit.create_default_partition();
SELECT audit.add_month_partitions(ARRAY(
  SELECT DISTINCT audit.month_start(at) FROM audit.entry_before_partitions
  UNION SELECT audit.month_start(now())
  UNION SELECT audit.add_months(audit.month_start(now()), 1)
));

INSERT INTO audit.entry (id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields,
                         masked_fields, denied_fields, prev_hash, hash, records, break_glass)
SELECT id, at, request_id, sub, unit, org, purpose, operation, kind, person_ids, returned_fields,
       masked_fields, denied_fields, prev_hash, hash, records, break_glass
FROM audit.entry_before_partitions ORDER BY id;

DO $$
BEGIN
  IF (SELECT count(*) FROM audit.entry) <> (SELECT count(*) FROM audit.entry_before_partitions) THEN
    RAISE EXCEPTION 'audit partitions: the copied trail does not hold every entry';
  END IF;
END;
$$;
DROP TABLE audit.entry_before_partitions;

-- 4. Indexes once the rows are in (one sorted build per partition), under
-- the names the unpartitioned table had; then the append-only triggers,
-- which PostgreSQL copies to every partition, now and later.
ALTER TABLE audit.entry ADD CONSTRAINT entry_pkey PRIMARY KEY (id, at);
CREATE INDEX entry_at_idx ON audit.entry (at);
CREATE INDEX entry_person_ids_idx ON audit.entry USING GIN (person_ids);
CREATE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON audit.entry
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON audit.entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

-- 5. Retention checkpoints: before `npm run audit:retain` drops old months,
-- in the same transaction, it records what goes — the removed entries' ids
-- (first_id…last_id), the hash of the last one, how many entries the trail
-- held up to it (`entries`, counted as the head counts) and how many this
-- checkpoint removed, the months, the start of the kept window, and how many
-- entries the signed head counted when it was written (a head put back from
-- before the removal counts fewer) — signed
-- (HMAC-SHA256, src/audit/retention-checkpoint.ts) under the audit key like
-- the head. The verifier starts from the newest checkpoint: the first
-- retained entry must be chained to its last hash. Numbered 1, 2, 3… with no
-- gap, so a checkpoint deleted from the middle shows too.
CREATE TABLE audit.checkpoint (
  id           INTEGER PRIMARY KEY CHECK (id >= 1),
  first_id     BIGINT NOT NULL,
  last_id      BIGINT NOT NULL,
  last_hash    TEXT NOT NULL,
  entries      BIGINT NOT NULL,
  removed      BIGINT NOT NULL CHECK (removed > 0),
  months       TEXT[] NOT NULL,
  kept_from    TIMESTAMPTZ(3) NOT NULL,
  head_entries BIGINT NOT NULL,
  created_at   TIMESTAMPTZ(3) NOT NULL,
  signature    TEXT NOT NULL
);
CREATE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE ON audit.checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON audit.checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
