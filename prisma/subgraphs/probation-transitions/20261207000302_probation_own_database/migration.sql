-- The probation-transitions connector on a database of its own (issue 16).
-- With the shared migrations its set names (src/db/subgraph-migrations.ts:
-- the audit trail, sync bookkeeping, data quality) and the connector kit's
-- (prisma/subgraphs/connector-kit), this builds exactly what the hub's shared
-- database has in these schemas after
-- 20261207000300_connector_without_core_references, with no core schema:
-- test/gateway/connector-own-database.test.ts compares the two.

-- The connector's own records (as 20261124000800 and the index of 20261206000500, without the foreign key into core).
CREATE SCHEMA IF NOT EXISTS probation;
CREATE TYPE probation."TransitionKind" AS ENUM ('DEFERRED_PROSECUTION_DRUG_TREATMENT', 'PRISON_RELEASE', 'HOSPITAL_RELEASE');
CREATE TABLE probation.transition (
  source_key        TEXT PRIMARY KEY,
  person_id         INTEGER NOT NULL,
  kind              probation."TransitionKind" NOT NULL,
  started_on        DATE NOT NULL,
  release_on        DATE,
  meeting_on        DATE,
  invited_units     TEXT[] NOT NULL,
  source_updated_at TIMESTAMPTZ(3) NOT NULL,
  synced_at         TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX transition_person_id_idx ON probation.transition (person_id);
CREATE INDEX transition_release_on_idx ON probation.transition (release_on) WHERE kind IN ('PRISON_RELEASE', 'HOSPITAL_RELEASE');
