// Connectors on databases of their own (issue 16): probation-transitions and
// labor-referrals are each migrated with only their own set into a separate
// database (no core schema there at all), core publishes its person index
// into each, each connector syncs into its own and is served from it by
// `npm run subgraph -- --own-database`; the built-in gateway then answers
// exactly as the all-in-one hub. Called
// directly, past the gateway, the subgraph refuses what core did not vouch
// for: no token, a missing, forged, edited, borrowed or expired person
// assertion, NGO and ANALYST callers.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportSPKI, type CryptoKey } from 'jose';
import pg from 'pg';
import { auditKey } from '../../src/audit/audit-key.ts';
import { cohortKey } from '../../connectors/kit/cohort.ts';
import { startLaborAgencyApi, type AgencyApi } from '../../connectors/labor-referrals/agency-api.ts';
import { connectors } from '../../connectors/registry.ts';
import { PERSON_ACCESS_TTL_SECONDS, signPersonAccess, type AccessCaller } from '../../src/auth/person-access.ts';
import { runAdminStatement } from '../../src/db/admin-statement.ts';
import { migrate, migrateOwnDatabase } from '../../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { publishPersonIndex } from '../../src/db/publish-person-index.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { gid } from '../support/fixtures.ts';
import { runProcess } from '../support/child-processes.ts';
import { AUDIENCE, createTestAuth, ISSUER, type Caller, type TestAuth } from '../support/test-auth.ts';
import { startSubgraphProcess, type SubgraphProcess } from '../support/subgraph-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SERVER_ENV } from '../support/test-env.ts';
import { SOCIAL_WORKER } from '../support/test-hub.ts';

const CONNECTOR = 'probation-transitions';
const LABOR = 'labor-referrals';
const JUSTICE: Caller = { unit: 'JUSTICE', sub: 'w-justice-own' };
const LABOR_WORKER: Caller = { unit: 'LABOR', sub: 'w-labor-own' };
const EDUCATION: Caller = { unit: 'EDUCATION', sub: 'w-edu-own' };
const NGO: Caller = { unit: 'NGO', sub: 'w-ngo-own', org: 1 };
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard-own', roles: ['ANALYST'], purpose: null };

const FAMILY_VIEW = `query FamilyView($id: ID!) { family(id: $id) { id members { relationship person { id name nationalId
  householdRegistration { householdNumber relationship }
  probationTransitions { kind startedOn releaseOn meetingOn invitedUnits source stale }
  laborReferrals { kind outcome referredOn } } } cases { kind status } } }`;
const PERSON_VIEW = `query PersonView($id: ID!) { person(id: $id) { id name probationTransitions { kind startedOn releaseOn meetingOn invitedUnits source }
  laborReferrals { caseNumber kind mentalDisability referredOn outcome placedOn source stale } } }`;
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { probationTransitions { kind startedOn } } } }`;
const LABOR_ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { laborReferrals { caseNumber } } } }`;

/** Runs a repository script to its end; resolves its output, rejects with it on a non-zero exit. */
async function runScript(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { code, output } = await runProcess(['--import', 'tsx', ...args], env);
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}:\n${output}`);
  return output;
}

/** One query on a database of the test server. */
async function queryDatabase<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Columns, constraints and indexes of the tables in `schemas` (partitions aside), comparable across databases. */
const SHAPE = (schemas: string[]) => `
  SELECT n.nspname || '.' || c.relname AS relation, c.relkind::text AS kind,
    (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                       || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), ''), ', ' ORDER BY a.attnum)
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
    (SELECT coalesce(string_agg(pg_get_constraintdef(k.oid), '; ' ORDER BY pg_get_constraintdef(k.oid)), '') FROM pg_constraint k WHERE k.conrelid = c.oid) AS constraints,
    (SELECT coalesce(string_agg(pg_get_indexdef(i.indexrelid), '; ' ORDER BY pg_get_indexdef(i.indexrelid)), '') FROM pg_index i WHERE i.indrelid = c.oid) AS indexes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname IN (${schemas.map((s) => `'${s}'`).join(', ')}) AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition
  ORDER BY 1`;

type Shape = { relation: string; kind: string; columns: string; constraints: string; indexes: string };

describe('a connector on a database of its own', () => {
  let hubDb: TestDatabase;
  let ownUrl: string;
  let ownName: string;
  let serverUrl: string;
  let auth: TestAuth;
  let folder: string;
  let allInOne: HubServer;
  let split: HubServer;
  let subgraphUrl: string;
  const children: SubgraphProcess[] = [];
  let laborUrl: string;
  let laborName: string;
  let laborSubgraphUrl: string;
  let laborApi: AgencyApi | undefined;
  let laborPublished: { persons: number };
  let personWithReferrals: number;
  let personWithTransitions: number;
  let familyWithTransitions: number;
  let published: { persons: number; revocations: number };
  let syncOutput: string;
  let unpublishedSync: string;

  beforeAll(async () => {
    hubDb = await createTestDatabase();
    serverUrl = process.env[SERVER_ENV]!;
    ownName = `${hubDb.name}_probation`;
    await runAdminStatement(serverUrl, `CREATE DATABASE "${ownName}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${ownName}`;
    ownUrl = url.toString();
    laborName = `${hubDb.name}_labor`;
    await runAdminStatement(serverUrl, `CREATE DATABASE "${laborName}"`);
    url.pathname = `/${laborName}`;
    laborUrl = url.toString();
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-own-db-'));
    process.env.HUB_WELFARE_DROP_DIR = path.join(folder, 'welfare-drop');

    // The all-in-one hub: every connector synced into the hub's database.
    await seedDemoCity(hubDb.url, { scale: 0.002, seed: 7 });
    connectPrisma(hubDb.url);
    for (const connector of connectors) {
      await connector.generateDemoSource(hubDb.url);
      await connector.sync(hubDb.url);
    }

    // The connector's own database: its set only, core's index published into it, the same register synced into it.
    await migrateOwnDatabase(ownUrl, CONNECTOR);
    const syncEnv = { DATABASE_URL: ownUrl, HUB_PROBATION_SOURCE_URL: hubDb.url, NODE_ENV: 'test' };
    unpublishedSync = await runScript(['scripts/sync.ts', '--connector', CONNECTOR, '--own-database'], syncEnv).then(() => 'ran', (error: Error) => error.message);
    published = await publishPersonIndex(hubDb.url, ownUrl);
    syncOutput = await runScript(['scripts/sync.ts', '--connector', CONNECTOR, '--own-database'], syncEnv);
    // labor-referrals likewise, from the bureau's (demo) API over the register in the hub's database.
    await migrateOwnDatabase(laborUrl, LABOR);
    laborPublished = await publishPersonIndex(hubDb.url, laborUrl);
    laborApi = await startLaborAgencyApi(hubDb.url);
    await runScript(['scripts/sync.ts', '--connector', LABOR, '--own-database'], { DATABASE_URL: laborUrl, HUB_LABOR_API_URL: laborApi.url, NODE_ENV: 'test' });

    auth = await createTestAuth();
    const keyFile = path.join(folder, 'public.pem');
    await writeFile(keyFile, await exportSPKI(auth.settings.keys as CryptoKey));
    const subgraphEnv = {
      HUB_JWT_PUBLIC_KEY_FILE: keyFile,
      HUB_JWT_ISSUER: ISSUER,
      HUB_JWT_AUDIENCE: AUDIENCE,
      // The key the deployment's subgraphs share: the same as this process's core uses to sign assertions.
      HUB_COHORT_KEY: cohortKey().toString('hex'),
      HUB_AUDIT_KEY: auditKey().toString('hex'),
      // Reads its copy of the deny-list often, so the revocation test need not wait.
      HUB_REVOCATION_REFRESH_SECONDS: '0.2',
      NODE_ENV: 'test',
    };
    const served = await startSubgraphProcess(CONNECTOR, { ...subgraphEnv, DATABASE_URL: ownUrl }, { ownDatabase: true });
    children.push(served);
    subgraphUrl = served.url;
    const laborServed = await startSubgraphProcess(LABOR, { ...subgraphEnv, DATABASE_URL: laborUrl }, { ownDatabase: true });
    children.push(laborServed);
    laborSubgraphUrl = laborServed.url;
    const [referral] = await prisma().$queryRaw<{ person_id: number }[]>`SELECT person_id FROM labor.referral ORDER BY person_id DESC LIMIT 1`;
    personWithReferrals = referral!.person_id;

    const [row] = await prisma().$queryRaw<{ person_id: number; family_id: number }[]>`
      SELECT t.person_id, m.family_id FROM probation.transition t JOIN core.family_membership m ON m.person_id = t.person_id AND m.end_date IS NULL
      ORDER BY t.person_id DESC LIMIT 1`;
    personWithTransitions = row!.person_id;
    familyWithTransitions = row!.family_id;

    const subgraphs = allSubgraphs();
    const log = () => undefined;
    allInOne = await startHubServer({ subgraphs, auth: auth.settings, port: 0, log });
    split = await startHubServer({ subgraphs, auth: auth.settings, port: 0, log, remoteSubgraphUrls: { [CONNECTOR]: subgraphUrl, [LABOR]: laborSubgraphUrl } });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()));
    await laborApi?.stop();
    await allInOne?.stop();
    await split?.stop();
    await disconnectPrisma();
    await hubDb?.drop();
    for (const name of [ownName, laborName]) if (name) await runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await rm(folder, { recursive: true, force: true });
    delete process.env.HUB_WELFARE_DROP_DIR;
  });

  const ask = async (server: HubServer, query: string, variables: Record<string, unknown>, caller: Caller) => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.headers(caller)) }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
  };

  /** Errors in a stable order: the gateway lists them as its fetches finish, and a fetch over HTTP finishes later than one in process. */
  const comparable = (answer: Awaited<ReturnType<typeof ask>>) => ({
    ...answer,
    ...(answer.errors ? { errors: [...answer.errors].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) } : {}),
  });

  const direct = async (caller: Caller | null, representations: unknown[]) => {
    const response = await fetch(subgraphUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.headers(caller)) }, body: JSON.stringify({ query: ENTITIES, variables: { r: representations } }) });
    return { status: response.status, body: (await response.json()) as { data?: { _entities: ({ probationTransitions: unknown[] | null } | null)[] }; errors?: { extensions?: { code?: string } }[] } };
  };

  const callerOf = (caller: Caller): AccessCaller => ({ workerId: caller.sub, unit: caller.unit, org: caller.org ?? null });
  const representation = (personId: number, personAccess: string | null) => ({ __typename: 'Person', id: gid('Person', personId), personAccess });

  it('holds only its own schemas: no core, and the published index as tables', async () => {
    const schemas = await queryDatabase<{ nspname: string }>(ownUrl, `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1`);
    expect(schemas.map((s) => s.nspname)).toEqual(['audit', 'graphile_worker', 'probation', 'public', 'published', 'sync']);
    const foreignKeys = await queryDatabase(hubDb.url, `SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('probation.transition'::regclass, 'sync.identity_decision'::regclass)`);
    expect(foreignKeys).toEqual([]);
    // Only what linking compares, and every person of core.
    expect(published.persons).toBe(await prisma().person.count());
    const [columns] = await queryDatabase<{ names: string }>(ownUrl, `SELECT string_agg(attname, ',' ORDER BY attnum) AS names FROM pg_attribute WHERE attrelid = 'published.person'::regclass AND attnum > 0`);
    expect(columns!.names).toBe('id,national_id,name,name_key,sex,birth_date,address,household_number');
  });

  it('builds the same schema for the connector as the shared database has', async () => {
    const shared = await queryDatabase<Shape>(hubDb.url, SHAPE(['probation', 'sync', 'audit']));
    const own = await queryDatabase<Shape>(ownUrl, SHAPE(['probation', 'sync', 'audit']));
    expect(own.length).toBeGreaterThan(8);
    // Every relation of the own database is in the shared one exactly; the shared one has other connectors' bookkeeping besides.
    const sharedByName = new Map(shared.map((s) => [s.relation, s]));
    for (const relation of own) expect(sharedByName.get(relation.relation)).toEqual(relation);
    // (and core's record of its publications into connectors' own databases).
    expect(shared.filter((s) => !own.some((o) => o.relation === s.relation)).map((s) => s.relation)).toEqual(['sync.processed_file', 'sync.publication_attempt']);
    // The published index: a view on core there, a table here, with the view's columns but the district (which only labor-referrals gets).
    const [view] = await queryDatabase<Shape>(hubDb.url, SHAPE(['published']));
    const [table] = await queryDatabase<Shape>(ownUrl, SHAPE(['published']));
    expect([view!.kind, table!.kind]).toEqual(['v', 'r']);
    expect(`${table!.columns.replace(/ not null/g, '')}, district_code text`).toBe(view!.columns);
  });

  it('refuses to mix layouts: its set on the hub database, the hub on its database', async () => {
    await expect(migrateOwnDatabase(hubDb.url, CONNECTOR)).rejects.toThrow(/holds the hub's core schema/);
    await expect(migrate(ownUrl)).rejects.toThrow(/subgraph's own database/);
    await expect(migrateOwnDatabase(ownUrl, 'core')).rejects.toThrow(/cannot run on a database of its own yet/);
    await expect(publishPersonIndex(hubDb.url, hubDb.url)).rejects.toThrow(/not a subgraph's own database/);
  });

  it('applies its set once: a second start applies nothing', async () => {
    expect(await migrateOwnDatabase(ownUrl, CONNECTOR)).toMatchObject({ applied: [] });
  });

  it('refuses to sync before core has published its person index, rather than hold every record as a new person', async () => {
    expect(unpublishedSync).toMatch(/exited with 1[\s\S]*No person index has been published/);
  });

  it('syncs the same records into its own database as into the shared one', async () => {
    expect(syncOutput).toMatch(new RegExp(`Person index published .* \\(${published.persons} persons\\)`));
    expect(syncOutput).toMatch(/probation-transitions/);
    const fields = 'source_key, person_id, kind::text, started_on::text, release_on::text, meeting_on::text, invited_units';
    const shared = await queryDatabase(hubDb.url, `SELECT ${fields} FROM probation.transition ORDER BY source_key`);
    const own = await queryDatabase(ownUrl, `SELECT ${fields} FROM probation.transition ORDER BY source_key`);
    expect(own.length).toBeGreaterThan(0);
    expect(own).toEqual(shared);
  });

  it('answers the family view and the person view through the gateway exactly as the all-in-one hub', async () => {
    for (const caller of [SOCIAL_WORKER, JUSTICE, LABOR_WORKER, EDUCATION, NGO]) {
      for (const familyId of [1, familyWithTransitions]) {
        const expected = comparable(await ask(allInOne, FAMILY_VIEW, { id: gid('Family', familyId) }, caller));
        expect(comparable(await ask(split, FAMILY_VIEW, { id: gid('Family', familyId) }, caller))).toEqual(expected);
      }
      for (const personId of [personWithTransitions, personWithReferrals]) {
        const expected = comparable(await ask(allInOne, PERSON_VIEW, { id: gid('Person', personId) }, caller));
        expect(comparable(await ask(split, PERSON_VIEW, { id: gid('Person', personId) }, caller))).toEqual(expected);
      }
    }
    const labor = await ask(split, PERSON_VIEW, { id: gid('Person', personWithReferrals) }, LABOR_WORKER);
    expect(labor.data!.person.laborReferrals.length).toBeGreaterThan(0);
    // The comparison means something: the prosecutors see transitions from the separate database, a unit outside the family none.
    const justice = await ask(split, PERSON_VIEW, { id: gid('Person', personWithTransitions) }, JUSTICE);
    // (Labor referrals are not the prosecutors' to read: refused in both layouts alike.)
    expect(justice.errors?.map((e) => e.message)).toEqual(['Not permitted to read Person.laborReferrals']);
    expect(justice.data!.person.probationTransitions.length).toBeGreaterThan(0);
    expect((await ask(split, PERSON_VIEW, { id: gid('Person', personWithTransitions) }, EDUCATION)).data!.person.probationTransitions).toBeNull();
  });

  it('answers from its own database: when the records were synced is its own sync run\'s', async () => {
    const query = `query ($id: ID!) { person(id: $id) { probationTransitions { syncedAt sourceCheckedAt } } }`;
    const answer = await ask(split, query, { id: gid('Person', personWithTransitions) }, JUSTICE);
    const [run] = await queryDatabase<{ finished: Date }>(ownUrl, `SELECT max(finished_at) AS finished FROM sync.run WHERE connector = '${CONNECTOR}'`);
    const [shared] = await queryDatabase<{ finished: Date }>(hubDb.url, `SELECT max(finished_at) AS finished FROM sync.run WHERE connector = '${CONNECTOR}'`);
    expect(run!.finished.getTime()).not.toBe(shared!.finished.getTime());
    expect(answer.data!.person.probationTransitions[0].sourceCheckedAt).toBe(run!.finished.toISOString());
  });

  it('publishes its release cohort from its own database for the cross-agency indicator, as in the shared one', async () => {
    const [year] = await prisma().$queryRaw<{ year: number }[]>`
      SELECT extract(year FROM coalesce(release_on, started_on))::int AS year FROM probation.transition WHERE kind IN ('PRISON_RELEASE', 'HOSPITAL_RELEASE')
      GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`;
    const report = `query ($year: Int!) { indicatorReport(year: $year) { welfareCrossAgencyIndicators { id numerator denominator value suppressed } } }`;
    const expected = await ask(allInOne, report, { year: year!.year }, ANALYST);
    expect(expected.errors).toBeUndefined();
    expect(await ask(split, report, { year: year!.year }, ANALYST)).toEqual(expected);
  });

  it('writes the audit entries of the reads it answers into its own audit trail', async () => {
    const [before] = await queryDatabase<{ n: string }>(ownUrl, `SELECT count(*) AS n FROM audit.entry WHERE ${personWithTransitions} = ANY(person_ids)`);
    await ask(split, PERSON_VIEW, { id: gid('Person', personWithTransitions) }, JUSTICE);
    const [after] = await queryDatabase<{ n: string }>(ownUrl, `SELECT count(*) AS n FROM audit.entry WHERE ${personWithTransitions} = ANY(person_ids)`);
    expect(Number(after!.n)).toBe(Number(before!.n) + 1);
  });

  describe('labor-referrals, the second connector on a database of its own', () => {
    it('gets the district of residence published to it, and probation does not', async () => {
      const columns = async (url: string) =>
        (await queryDatabase<{ names: string }>(url, `SELECT string_agg(attname, ',' ORDER BY attnum) AS names FROM pg_attribute WHERE attrelid = 'published.person'::regclass AND attnum > 0`))[0]!.names;
      expect(await columns(laborUrl)).toBe('id,national_id,name,name_key,sex,birth_date,address,household_number,district_code');
      expect(await columns(ownUrl)).not.toMatch(/district/);
      expect(laborPublished.persons).toBe(published.persons);
      const [districts] = await queryDatabase<{ n: string }>(laborUrl, 'SELECT count(*) AS n FROM published.person WHERE district_code IS NOT NULL');
      expect(Number(districts!.n)).toBeGreaterThan(0);
    });

    it('builds the same schema for the connector as the shared database has, indicator buckets included', async () => {
      const shared = await queryDatabase<Shape>(hubDb.url, SHAPE(['labor', 'sync', 'audit']));
      const own = await queryDatabase<Shape>(laborUrl, SHAPE(['labor', 'sync', 'audit']));
      const sharedByName = new Map(shared.map((r) => [r.relation, r]));
      expect(own.some((r) => r.relation === 'labor.referral')).toBe(true);
      for (const relation of own) expect(sharedByName.get(relation.relation)).toEqual(relation);
      const buckets = `SELECT pg_get_viewdef('labor.indicator_buckets'::regclass) AS definition`;
      expect(await queryDatabase(laborUrl, buckets)).toEqual(await queryDatabase(hubDb.url, buckets));
    });

    it('syncs the same records into its own database as into the shared one', async () => {
      const fields = 'case_number, person_id, kind::text, mental_disability, referred_on::text, outcome::text, placed_on::text';
      const own = await queryDatabase(laborUrl, `SELECT ${fields} FROM labor.referral ORDER BY case_number`);
      expect(own.length).toBeGreaterThan(0);
      expect(own).toEqual(await queryDatabase(hubDb.url, `SELECT ${fields} FROM labor.referral ORDER BY case_number`));
    });

    it('counts its indicators from its own database as the shared one does', async () => {
      const [year] = await prisma().$queryRaw<{ year: number }[]>`
        SELECT extract(year FROM referred_on)::int AS year FROM labor.referral WHERE kind = 'VOCATIONAL_REHABILITATION' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`;
      const report = `query ($year: Int!) { indicatorReport(year: $year) { laborIndicators { id numerator denominator value suppressed byDistrict { district numerator denominator suppressed } } } }`;
      const expected = await ask(allInOne, report, { year: year!.year }, ANALYST);
      expect(expected.errors).toBeUndefined();
      expect(expected.data!.indicatorReport.laborIndicators.length).toBeGreaterThan(0);
      expect(await ask(split, report, { year: year!.year }, ANALYST)).toEqual(expected);
      // At this scale the cells are small enough to be suppressed, so the buckets themselves are compared too.
      const buckets = 'SELECT indicator, measure, district, first_month::text, n::int FROM labor.indicator_buckets ORDER BY 1, 2, 3, 4';
      const own = await queryDatabase(laborUrl, buckets);
      expect(own.length).toBeGreaterThan(0);
      expect(own).toEqual(await queryDatabase(hubDb.url, buckets));
      // Over days too (a campaign's), counted from its own records and published persons.
      const days = `query ($from: Date!, $to: Date!) { dayRangeIndicators(fromDate: $from, toDate: $to) { laborIndicators { id numerator denominator value suppressed offered } } }`;
      const range = { from: `${year!.year}-01-10`, to: `${year!.year}-12-31` };
      const expectedDays = await ask(allInOne, days, range, ANALYST);
      expect(expectedDays.errors).toBeUndefined();
      expect(expectedDays.data!.dayRangeIndicators.laborIndicators).toEqual([expect.objectContaining({ id: 'VOCATIONAL_REHABILITATION_EMPLOYMENT', offered: true })]);
      expect(await ask(split, days, range, ANALYST)).toEqual(expectedDays);
    });

    it('called directly, answers the bureau with core\'s assertion and knows no person without a valid one', async () => {
      const ask = async (personAccess: string | null) => {
        const response = await fetch(laborSubgraphUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(await auth.headers(LABOR_WORKER)) },
          body: JSON.stringify({ query: LABOR_ENTITIES, variables: { r: [representation(personWithReferrals, personAccess)] } }),
        });
        return ((await response.json()) as { data: { _entities: ({ laborReferrals: unknown[] | null } | null)[] } }).data._entities[0];
      };
      const labor = callerOf(LABOR_WORKER);
      expect((await ask(signPersonAccess(labor, personWithReferrals, { level: 'NONE', breakGlass: false })))!.laborReferrals!.length).toBeGreaterThan(0);
      expect(await ask(null)).toBeNull();
      expect(await ask(signPersonAccess(labor, personWithReferrals, { level: 'NONE', breakGlass: false }, Date.now(), randomBytes(32)))).toBeNull();
      expect(await ask(signPersonAccess(callerOf(JUSTICE), personWithReferrals, { level: 'SERVING', breakGlass: false }))).toBeNull();
    });
  });

  describe('called directly, past the gateway', () => {
    it('answers a caller core vouched for (the refusals below can fail)', async () => {
      const assertion = signPersonAccess(callerOf(JUSTICE), personWithTransitions, { level: 'NONE', breakGlass: false });
      const { body } = await direct(JUSTICE, [representation(personWithTransitions, assertion)]);
      expect(body.data!._entities[0]!.probationTransitions!.length).toBeGreaterThan(0);
    });

    it('refuses a request without a token', async () => {
      const assertion = signPersonAccess(callerOf(JUSTICE), personWithTransitions, { level: 'NONE', breakGlass: false });
      const { status, body } = await direct(null, [representation(personWithTransitions, assertion)]);
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
    });

    it('knows no person whose assertion is missing, forged, edited, another caller\'s, another person\'s or expired', async () => {
      const justice = callerOf(JUSTICE);
      const valid = signPersonAccess(justice, personWithTransitions, { level: 'SERVING', breakGlass: false });
      const [version, payload, mac] = valid.split('.');
      const edited = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
      edited.p = personWithTransitions - 1;
      const forged = [
        null,
        'not an assertion',
        signPersonAccess(justice, personWithTransitions, { level: 'SERVING', breakGlass: false }, Date.now(), randomBytes(32)),
        [version, Buffer.from(JSON.stringify(edited)).toString('base64url'), mac].join('.'),
        signPersonAccess(callerOf(EDUCATION), personWithTransitions, { level: 'SERVING', breakGlass: false }),
        signPersonAccess(justice, personWithTransitions - 1, { level: 'SERVING', breakGlass: false }),
        signPersonAccess(justice, personWithTransitions, { level: 'SERVING', breakGlass: false }, Date.now() - (PERSON_ACCESS_TTL_SECONDS + 1) * 1000),
      ];
      const { body } = await direct(JUSTICE, forged.map((assertion) => representation(personWithTransitions, assertion)));
      expect(body.data!._entities).toEqual(forged.map(() => null));
    });

    it('gives an NGO nothing, even with an assertion that it serves the family', async () => {
      const assertion = signPersonAccess(callerOf(NGO), personWithTransitions, { level: 'SERVING', breakGlass: false });
      const { body } = await direct(NGO, [representation(personWithTransitions, assertion)]);
      expect(body.data!._entities[0]?.probationTransitions ?? null).toBeNull();
    });

    it('refuses a token core revoked once core has published its deny-list', async () => {
      const revoked: Caller = { unit: 'JUSTICE', sub: 'w-justice-leaver' };
      const assertion = () => signPersonAccess(callerOf(revoked), personWithTransitions, { level: 'NONE', breakGlass: false });
      expect((await direct(revoked, [representation(personWithTransitions, assertion())])).status).toBe(200);
      await prisma().$executeRaw`INSERT INTO core.revocation (kind, value, reason, revoked_by) VALUES ('SUBJECT', ${revoked.sub}, 'left the service', 'test')`;
      expect((await publishPersonIndex(hubDb.url, ownUrl)).revocations).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { status, body } = await direct(revoked, [representation(personWithTransitions, assertion())]);
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
    });

    it('gives a unit outside the family nothing, and an ANALYST nothing', async () => {
      const education = signPersonAccess(callerOf(EDUCATION), personWithTransitions, { level: 'NONE', breakGlass: false });
      const outside = await direct(EDUCATION, [representation(personWithTransitions, education)]);
      expect(outside.body.data!._entities[0]?.probationTransitions ?? null).toBeNull();
      const analyst = signPersonAccess(callerOf(ANALYST), personWithTransitions, { level: 'SERVING', breakGlass: false });
      const response = await direct(ANALYST, [representation(personWithTransitions, analyst)]);
      expect(response.body.data?._entities?.[0]?.probationTransitions ?? null).toBeNull();
    });
  });
});
