-- core.count_change grows by one row per writing transaction and year
-- touched, and every indicator request counts the rows of its years: left
-- alone, that count grows with every contact ever recorded. The hourly
-- compaction moves committed rows into one total per (year, what) in a single
-- transaction, so a reader's one statement sees either the rows or the total
-- they were folded into, never neither nor both: the number a reader compares
-- (rows + total) is the same across a compaction and still grows with every
-- change that commits (src/indicators/counts-cache.ts).
CREATE TABLE core.count_change_total (
  year INTEGER NOT NULL,
  what TEXT    NOT NULL CHECK (what IN ('contacts', 'intakes', 'cases', 'families')),
  n    BIGINT  NOT NULL CHECK (n >= 0),
  PRIMARY KEY (year, what)
);

-- Folds every committed change row into its total; returns how many rows it folded.
-- Rows of transactions still open are not visible to it and stay for the next run.
CREATE FUNCTION core.compact_count_changes() RETURNS BIGINT LANGUAGE sql AS $$
  WITH folded AS (DELETE FROM core.count_change RETURNING year, what),
       totals AS (
         INSERT INTO core.count_change_total AS t (year, what, n)
         SELECT year, what, count(*) FROM folded GROUP BY year, what
         ON CONFLICT (year, what) DO UPDATE SET n = t.n + excluded.n
         RETURNING 1)
  SELECT count(*) FROM folded;
$$;
