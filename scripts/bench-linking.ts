// `npm run bench:linking -- [--scale 0.01] [--records 20000] [--quick]`: the
// identity-linking benchmark of issue 13. Builds a fresh database on the
// server of BENCH_DATABASE_URL / DATABASE_URL / TEST_DATABASE_URL, seeds the
// demo city, registers every person's household as the household registry
// numbers it, adds the hard-case persons (twins, homonyms), generates agency
// records with their known truth (src/demo-city/identity-cases.ts), links
// them in batches of 2,000 as the connectors do, and compares. Prints counts
// only. Exits 1 when a record was joined to the wrong person or got no
// answer, after printing everything.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { linkIdentities, type LinkResult } from '../connectors/kit/identity-linking.ts';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { runAdminStatement } from '../src/db/admin-statement.ts';
import { migrate } from '../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma, onStatement, prisma } from '../src/db/prisma.ts';
import {
  CASE_DESCRIPTIONS, CASE_KINDS, generateIdentityCases, insertCasePersons, readCityIndex, registerHouseholds, tallyLinking, type CaseRecord, type CaseTally,
} from '../src/demo-city/identity-cases.ts';
import { seedDemoCity } from '../src/demo-city/seed-demo-city.ts';

const USAGE = 'usage: npm run bench:linking -- [--scale <fraction, default 0.01>] [--records <count, default 20000>] [--quick (scale 0.001, 2,000 records)]';
/** The connectors' batch size (connectors/household-registration/sync.ts and the cursor sync). */
const BATCH = 2_000;
const CITY_SEED = 2023;
const CASES_SEED = 13;
/**
 * Records the five connectors read in the whole city's initial sync: the
 * source rows of the README's `npm run bench:sync -- --scale 1` table
 * (household registration 2,998,877 + welfare 901,787 + education 103,233 +
 * labor 9,057 + probation 5,828). Every row is counted as one claim, an
 * upper bound: repeated rows and household events are not all linked one by one.
 */
const WHOLE_CITY_RECORDS = 4_018_782;
const INITIAL_SYNC_BUDGET_S = 15 * 60;

function parse() {
  let values;
  try {
    ({ values } = parseArgs({ options: { scale: { type: 'string' }, records: { type: 'string' }, quick: { type: 'boolean', default: false } }, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const scale = Number(values.scale ?? (values.quick ? '0.001' : '0.01'));
  const records = Number(values.records ?? (values.quick ? '2000' : '20000'));
  if (!(scale > 0 && scale <= 1)) throw new UsageError('--scale must be a fraction in (0, 1]');
  if (!(Number.isInteger(records) && records >= 100)) throw new UsageError('--records must be a whole number of at least 100');
  return { scale, records };
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const n = (value: number) => value.toLocaleString('en-US');
const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`;
const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(2)}%`);

interface Linked {
  answers: (LinkResult | undefined)[];
  millis: number;
  statements: number[];
  failedBatches: number;
}

/** Links the records batch by batch as a connector does (its name and source keys, so reviewers' decisions are read too). */
async function linkAll(records: readonly CaseRecord[]): Promise<Linked> {
  const linked: Linked = { answers: new Array(records.length), millis: 0, statements: [], failedBatches: 0 };
  await prisma().$queryRaw`SELECT 1`;
  for (let from = 0; from < records.length; from += BATCH) {
    const batch = records.slice(from, from + BATCH);
    let statements = 0;
    const stop = onStatement(() => statements++);
    const started = performance.now();
    try {
      const answers = await linkIdentities(batch.map((c, i) => ({ ...c.record, sourceKey: `bench-linking-${from + i}` })), { connector: 'bench-linking' });
      answers.slice(0, batch.length).forEach((answer, i) => (linked.answers[from + i] = answer));
    } catch (error) {
      // The batch's records stay without an answer and count as unaccounted.
      linked.failedBatches++;
      process.stderr.write(`batch from record ${from} failed: ${(error as Error).message}\n`);
    } finally {
      linked.millis += performance.now() - started;
      stop();
    }
    linked.statements.push(statements);
  }
  return linked;
}

function caseRow(label: string, t: CaseTally): string {
  const v = t.verdicts;
  return `| ${label} | ${n(t.records)} | ${n(t.linkable)} | ${n(v.RIGHT)} | ${n(v.WRONG)} | ${n(v.REVIEW)} | ${n(v.NEW_PERSON)} | ${n(v.UNUSABLE)} | ${n(v.UNACCOUNTED)} |`;
}

await runCli(async () => {
  const { scale, records: recordCount } = parse();
  const server = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!server) throw new CliError('Set BENCH_DATABASE_URL (or DATABASE_URL / TEST_DATABASE_URL) to a PostgreSQL server; the benchmark makes its own database there');
  const database = `hub_bench_linking_${String(scale).replace('.', '_')}`;
  const url = new URL(server);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();

  await runAdminStatement(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await runAdminStatement(server, `CREATE DATABASE "${database}"`);
  try {
    await migrate(databaseUrl);
    const seedStarted = performance.now();
    const city = await seedDemoCity(databaseUrl, { scale, seed: CITY_SEED });
    const prepareStarted = performance.now();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let cases;
    let registered;
    try {
      registered = await registerHouseholds(client);
      const index = await readCityIndex(client);
      cases = generateIdentityCases(index, { records: recordCount, seed: CASES_SEED });
      await insertCasePersons(client, cases);
      await client.query('ANALYZE');
    } finally {
      await client.end();
    }
    const twins = cases.persons.filter((p) => p.relationship === 'CHILD').length;
    say(`Demo city at scale ${scale}: ${n(city.persons)} persons in ${n(city.families)} families (seeded in ${seconds(prepareStarted - seedStarted)}); ${n(registered)} household registrations filled from current family memberships ('H' + 8-digit family id)`);
    say(`Added to the index: ${n(twins)} twins, ${n(cases.persons.length - twins)} homonyms in new households; name + birth date pairs held by more than one person: ${n(cases.sharedNameAndDate)} (prepared in ${seconds(performance.now() - prepareStarted)})`);

    connectPrisma(databaseUrl);
    const linked = await linkAll(cases.records);
    const tally = tallyLinking(cases.records, linked.answers);
    const { total } = tally;

    say(`\n${n(cases.records.length)} agency records (seed ${CASES_SEED}), linked in batches of ${n(BATCH)}:\n`);
    say('| case | records | linkable | linked right | linked WRONG | review | new person | unusable | unaccounted |');
    say('|---|---|---|---|---|---|---|---|---|');
    for (const kind of CASE_KINDS) say(caseRow(kind, tally.byCase.get(kind)!));
    say(caseRow('**total**', total));

    const transposed = cases.records.filter((c) => c.kind === 'TRANSPOSED_ID');
    const newcomers = cases.records.filter((c) => c.truth === null);
    say(`\nTransposed IDs that are another person's ID in the index: ${n(transposed.filter((c) => c.idOfAnother).length)} of ${n(transposed.length)}`);
    say(`Newcomers whose name and birth date a person of the index has: ${n(newcomers.filter((c) => c.resemblesIndexed).length)} of ${n(newcomers.length)}`);
    say('Linkable: the record is about a person of the index and its evidence singles them out without contradiction: their own valid ID with name and');
    say('birth date agreeing (up to encoding, variant characters or one typing slip), or no valid ID, their name up to encoding and exact birth date, and');
    say("no other person with that name and birth date sharing the record's household number or address. Another's ID or an unknown valid ID never is.\n");

    const falseMerges = total.verdicts.WRONG;
    const unaccounted = total.verdicts.UNACCOUNTED;
    say(`False merges (joined to the wrong person): ${n(falseMerges)} (goal 0)`);
    say(`Linkable records linked automatically: ${n(total.linkableLinked)} of ${n(total.linkable)} = ${pct(total.linkableLinked, total.linkable)} (goal ≥ 95%)`);
    say(`All records about a person of the index linked automatically: ${pct(total.verdicts.RIGHT, tally.inIndex)} (${n(total.verdicts.RIGHT)} of ${n(tally.inIndex)})`);
    say(`Sent to review: ${n(total.verdicts.REVIEW)} = ${pct(total.verdicts.REVIEW, total.records)} of all records; new-person candidates ${n(total.verdicts.NEW_PERSON)}; unusable ${n(total.verdicts.UNUSABLE)}`);
    say(`Unaccounted (no outcome): ${n(unaccounted)} (goal 0)${linked.failedBatches ? `; ${linked.failedBatches} batches failed` : ''}`);

    const rate = total.records / Math.max(linked.millis / 1000, 0.001);
    const statements = [...new Set(linked.statements)].sort((a, b) => a - b).join(' or ');
    say(`\nThroughput: ${n(Math.round(rate))} records/s (${(linked.millis / 1000).toFixed(1)} s linking; ${linked.statements.length} batches, ${statements} statements per batch)`);
    const wholeCity = WHOLE_CITY_RECORDS / rate;
    say(`Whole-city initial sync estimate: ${n(WHOLE_CITY_RECORDS)} source rows of the five connectors at scale 1 (README bench:sync table) ÷ ${n(Math.round(rate))}/s ≈ ${wholeCity.toFixed(0)} s of linking, ${pct(wholeCity, INITIAL_SYNC_BUDGET_S)} of the 15-minute budget`);
    // The name-candidate statement fetches every person sharing a record's name key, so its cost grows with the city.
    if (scale < 1) say(`  (measured on an index of ${n(city.persons + cases.persons.length)} persons: at scale 1 each name key has about ${n(Math.round(1 / scale))}× the candidates; measure with --scale 1 before trusting it)`);

    if (tally.missed.size) {
      say('\nLinkable records not linked automatically, by case and the reason linking gave:');
      for (const [reason, count] of [...tally.missed].sort((a, b) => b[1] - a[1])) say(`  ${n(count)} × ${reason}`);
    }
    if (tally.falseMerges.size) {
      say('\nFalse merges by case:');
      for (const [what, count] of [...tally.falseMerges].sort((a, b) => b[1] - a[1])) say(`  ${n(count)} × ${what}`);
    }
    say('\nCases:');
    for (const kind of CASE_KINDS) say(`  ${kind}: ${CASE_DESCRIPTIONS[kind]}`);
    return falseMerges > 0 || unaccounted > 0 ? 1 : 0;
  } finally {
    await disconnectPrisma();
    if (process.env.BENCH_KEEP_DATABASE !== '1') await runAdminStatement(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}, { usage: USAGE });
