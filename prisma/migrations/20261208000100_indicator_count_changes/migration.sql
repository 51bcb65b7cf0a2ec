-- Which years of the live indicator counts a committed change may have moved
-- (src/indicators/counts-cache.ts). Counting the case work and the
-- cross-agency indicators of a whole city takes most of a second each; a
-- dashboard asking again for counts nothing has changed reads them from the
-- hub's cache instead. Triggers note, in the writing transaction itself, the
-- years a change touches: one row per transaction and year, so writers never
-- wait for one another, and a row becomes visible exactly when its change
-- does. A reader that sees the same number of rows for a year as when it
-- counted knows no change to that year has committed since (rows are only
-- ever added). Year 0: every year (a family moving district moves its
-- intakes of every year). What changed, so that a count reads only the
-- changes it depends on: 'contacts', 'intakes', 'cases', 'families'
-- (district, memberships, welfare status).
CREATE TABLE core.count_change (
  year INTEGER NOT NULL,
  what TEXT    NOT NULL CHECK (what IN ('contacts', 'intakes', 'cases', 'families')),
  xid  BIGINT  NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  PRIMARY KEY (year, what, xid)
);

CREATE FUNCTION core.note_count_change(what TEXT, years INTEGER[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO core.count_change (year, what) SELECT DISTINCT y, what FROM unnest(years) AS y WHERE y IS NOT NULL ORDER BY 1 ON CONFLICT DO NOTHING;
$$;

-- The years a case counts in: from its opening to its closing, and while it is
-- open through next year (a year a reader may already call current elsewhere on the globe).
CREATE FUNCTION core.case_years(opened_on DATE, closed_on DATE) RETURNS SETOF INTEGER LANGUAGE sql IMMUTABLE AS $$
  SELECT generate_series(extract(year FROM opened_on)::int,
                         greatest(extract(year FROM opened_on)::int, coalesce(extract(year FROM closed_on)::int, extract(year FROM current_date)::int + 1)));
$$;

-- Statement triggers over transition tables: a sync or a seed writing thousands of rows notes each year once.
CREATE FUNCTION core.note_contact_years() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM core.note_count_change('contacts', ARRAY(SELECT DISTINCT extract(year FROM contacted_on)::int FROM new_rows)); END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM core.note_count_change('contacts', ARRAY(SELECT DISTINCT extract(year FROM contacted_on)::int FROM old_rows)); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER contact_inserted_counts AFTER INSERT ON core.service_contact REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION core.note_contact_years();
CREATE TRIGGER contact_updated_counts AFTER UPDATE ON core.service_contact REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION core.note_contact_years();
CREATE TRIGGER contact_deleted_counts AFTER DELETE ON core.service_contact REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION core.note_contact_years();

-- Intakes are counted by the day they were received in Taipei.
CREATE FUNCTION core.note_intake_years() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM core.note_count_change('intakes', ARRAY(SELECT DISTINCT extract(year FROM received_at AT TIME ZONE 'Asia/Taipei')::int FROM new_rows)); END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM core.note_count_change('intakes', ARRAY(SELECT DISTINCT extract(year FROM received_at AT TIME ZONE 'Asia/Taipei')::int FROM old_rows)); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER intake_inserted_counts AFTER INSERT ON core.intake REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION core.note_intake_years();
CREATE TRIGGER intake_updated_counts AFTER UPDATE ON core.intake REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION core.note_intake_years();
CREATE TRIGGER intake_deleted_counts AFTER DELETE ON core.intake REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION core.note_intake_years();

-- A case's update moves counts only when what they count by changes: not its risk level or lead worker.
CREATE FUNCTION core.note_case_years() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM core.note_count_change('cases', ARRAY(SELECT DISTINCT y FROM new_rows n, core.case_years(n.opened_on, n.closed_on) AS y));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM core.note_count_change('cases', ARRAY(SELECT DISTINCT y FROM old_rows o, core.case_years(o.opened_on, o.closed_on) AS y));
  ELSIF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.kind, n.family_id, n.district_code) IS DISTINCT FROM (o.kind, o.family_id, o.district_code)) THEN
    -- Its contacts move with it, and a contact's day need not lie within the case's span.
    PERFORM core.note_count_change('cases', ARRAY[0]);
  ELSE
    PERFORM core.note_count_change('cases', ARRAY(
      SELECT DISTINCT y FROM new_rows n JOIN old_rows o ON o.id = n.id,
        LATERAL (SELECT core.case_years(n.opened_on, n.closed_on) UNION SELECT core.case_years(o.opened_on, o.closed_on)) AS years(y)
      WHERE (n.status, n.opened_on, n.closed_on) IS DISTINCT FROM (o.status, o.opened_on, o.closed_on)));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_inserted_counts AFTER INSERT ON core."case" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION core.note_case_years();
CREATE TRIGGER case_updated_counts AFTER UPDATE ON core."case" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION core.note_case_years();
CREATE TRIGGER case_deleted_counts AFTER DELETE ON core."case" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION core.note_case_years();

-- What every year's counts join through: a family's district, its memberships, a person's welfare status.
-- TG_ARGV[0]: what changed.
CREATE FUNCTION core.note_every_year() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM core.note_count_change(TG_ARGV[0], ARRAY[0]);
  RETURN NULL;
END $$;
CREATE TRIGGER family_district_counts AFTER UPDATE OF district_code OR DELETE ON core.family FOR EACH STATEMENT EXECUTE FUNCTION core.note_every_year('families');
CREATE TRIGGER membership_counts AFTER INSERT OR UPDATE OR DELETE ON core.family_membership FOR EACH STATEMENT EXECUTE FUNCTION core.note_every_year('families');
CREATE TRIGGER welfare_status_counts AFTER INSERT OR UPDATE OR DELETE ON welfare.status FOR EACH STATEMENT EXECUTE FUNCTION core.note_every_year('families');
-- A reset (the demo seed's TRUNCATE) changes every year.
CREATE TRIGGER case_truncated_counts AFTER TRUNCATE ON core."case" FOR EACH STATEMENT EXECUTE FUNCTION core.note_every_year('cases');
CREATE TRIGGER contact_truncated_counts AFTER TRUNCATE ON core.service_contact FOR EACH STATEMENT EXECUTE FUNCTION core.note_every_year('contacts');
CREATE TRIGGER intake_truncated_counts AFTER TRUNCATE ON core.intake FOR EACH STATEMENT EXECUTE FUNCTION core.note_every_year('intakes');
CREATE TRIGGER family_truncated_counts AFTER TRUNCATE ON core.family FOR EACH STATEMENT EXECUTE FUNCTION core.note_every_year('families');
CREATE TRIGGER membership_truncated_counts AFTER TRUNCATE ON core.family_membership FOR EACH STATEMENT EXECUTE FUNCTION core.note_every_year('families');
CREATE TRIGGER welfare_status_truncated_counts AFTER TRUNCATE ON welfare.status FOR EACH STATEMENT EXECUTE FUNCTION core.note_every_year('families');
