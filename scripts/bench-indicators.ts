// `npm run bench:indicators`: how fast the dashboard's KPI operations answer.
// Sends the whole catalogue for one year (DashboardReport, city-wide, every
// owner's indicators with their district breakdowns), the monthly trend of
// that year and one district's report through the real gateway over HTTP
// with an ANALYST token, and prints median and spread; then the whole
// catalogue again with a contact of the year recorded before each request,
// so that every request counts the year's case work afresh. With --warm-up the
// year is first warmed as a process with HUB_INDICATOR_WARM_YEARS does at start,
// and the first request after it is timed instead of a cold one. A campaign's
// days (CampaignDays) are timed on a campaign it sets up and removes. Runs against
// DATABASE_URL (for the whole city: the database `BENCH_KEEP_DATABASE=1
// npm run bench:sync -- --scale 1` leaves), or the embedded database.
import { print } from 'graphql';
import { parseArgs } from 'node:util';
import { authSettingsFrom } from '../src/auth/settings.ts';
import { mintDevToken } from '../src/auth/mint-token.ts';
import { CampaignDaysDocument, DashboardReportDocument, DashboardTrendDocument } from '../src/client/graphql.ts';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../src/db/prisma.ts';
import { allSubgraphs } from '../src/gateway/subgraphs.ts';
import { startHubServer } from '../src/server/app.ts';
import { warmIndicatorYears } from '../connectors/kit/indicator-warm-up.ts';
import { failureOf } from './bench-support/request-outcomes.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function parse() {
  try {
    return parseArgs({ options: { year: { type: 'string', default: '2023' }, rounds: { type: 'string', default: '20' }, 'warm-up': { type: 'boolean', default: false } }, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

await runCli(async () => {
  const values = parse();
  const year = Number(values.year);
  const rounds = Number(values.rounds);
  const config = readConfig();
  const db = await openDatabase(config);
  connectPrisma(db.url);
  const auth = await authSettingsFrom(config);
  if (!auth.development) throw new CliError('The benchmark mints its own ANALYST token with the development key: run it without a configured identity-provider key');
  const server = await startHubServer({ subgraphs: allSubgraphs(), auth, port: 0, log: () => undefined, persistedOperationsOnly: false });
  try {
    const token = await mintDevToken(
      { sub: 'bench-dashboard', unit: 'SOCIAL', org: null, districts: [], roles: ['ANALYST'], purpose: null },
      { dataDir: config.dataDir, issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds: 3600 },
    );
    const sizes = (await prisma().$queryRaw<Record<string, bigint>[]>`SELECT
      (SELECT count(*) FROM core.person) AS persons, (SELECT count(*) FROM core."case") AS cases, (SELECT count(*) FROM core.service_contact) AS contacts,
      (SELECT count(*) FROM core.intake) AS intakes, (SELECT count(*) FROM welfare.development_account_deposit) AS deposits,
      (SELECT count(*) FROM welfare.disability_certificate) AS certificates, (SELECT count(*) FROM education.dropout_episode) AS dropouts,
      (SELECT count(*) FROM labor.referral) AS labor_referrals`)[0]!;
    say(`Database: ${Object.entries(sizes).map(([k, v]) => `${k} ${Number(v).toLocaleString('en-US')}`).join(', ')}`);

    const send = async (query: string, variables: Record<string, unknown>) => {
      const started = performance.now();
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const text = await response.text();
      // A refusal (429 of the quota, 503) is no timing of the report: the run stops there.
      const failure = failureOf(response.status, text);
      if (failure) throw new CliError(`The hub did not answer the report (${failure.join(', ')}): ${text.slice(0, 300)}`);
      return performance.now() - started;
    };
    const measure = async (label: string, query: string, variables: Record<string, unknown>) => {
      for (let i = 0; i < 2; i++) await send(query, variables);
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) times.push(await send(query, variables));
      times.sort((a, b) => a - b);
      say(`| ${label} | ${quantile(times, 0.5).toFixed(0)} ms | ${quantile(times, 0.9).toFixed(0)} ms | ${times[0]!.toFixed(0)} ms | ${times.at(-1)!.toFixed(0)} ms |`);
    };
    if (values['warm-up']) {
      // As a process started with HUB_INDICATOR_WARM_YEARS=<year> does once it serves (indicator-warm-up.ts).
      const warmed = await warmIndicatorYears([year], allSubgraphs().map((s) => s.name));
      say(`Warm-up at start (${warmed.owners} owner-years counted and audited): ${warmed.millis.toFixed(0)} ms`);
      say(`First request after the warm-up: ${(await send(print(DashboardReportDocument), { year })).toFixed(0)} ms`);
    } else {
      // The first request pays for counting and auditing the year (disclosure-repair.ts); later ones find it cached.
      say(`First request, cold (the year's counts audited): ${(await send(print(DashboardReportDocument), { year })).toFixed(0)} ms`);
    }
    const exportTime = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${new URL(server.url).origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      if (!response.ok) throw new CliError(`${path}: HTTP ${response.status}`);
      return performance.now() - started;
    };
    say(`\n${rounds} rounds each after 2 warm-up requests, over HTTP through the gateway, ANALYST token:\n`);
    say('| operation | median | p90 | min | max |');
    say('|---|---|---|---|---|');
    await measure(`whole catalogue, ${year}, city-wide with district breakdowns (DashboardReport)`, print(DashboardReportDocument), { year });
    await measure(`whole catalogue, ${year} Q2`, print(DashboardReportDocument), { year, quarter: 2 });
    await measure(`whole catalogue, ${year}, one district (XITUN)`, print(DashboardReportDocument), { year, district: 'XITUN' });
    await measure(`whole catalogue, ${year} January–April (a run of months)`, print(DashboardReportDocument), { year, fromMonth: 1, toMonth: 4 });
    await measure(`monthly trend of ${year} (DashboardTrend, 12 points)`, print(DashboardTrendDocument), { fromYear: year, granularity: 'MONTH' });
    const exports: number[] = [];
    for (let i = 0; i < 2; i++) await exportTime(`/exports/indicators.xlsx?year=${year}`);
    for (let i = 0; i < rounds; i++) exports.push(await exportTime(`/exports/indicators.xlsx?year=${year}`));
    exports.sort((a, b) => a - b);
    say(`| council table export, ${year} (XLSX download) | ${quantile(exports, 0.5).toFixed(0)} ms | ${quantile(exports, 0.9).toFixed(0)} ms | ${exports[0]!.toFixed(0)} ms | ${exports.at(-1)!.toFixed(0)} ms |`);
    // A campaign's days (the Lunar New Year project): counts of events, the triage rate, and cases in service,
    // which are audited with the year and its campaigns (campaign-stocks.ts); the campaign is removed afterwards.
    const [campaign] = await prisma().$queryRaw<{ id: number }[]>`
      INSERT INTO core.campaign (name, from_date, to_date, deadline, items, unit_codes, created_by)
      VALUES ('bench campaign', ${`${year}-01-10`}::date, ${`${year}-02-16`}::date, ${`${year}-02-23`}::date, '[{"key":"VISITS","label":"訪視"}]'::jsonb, ARRAY['SOCIAL'], 'bench-indicators')
      RETURNING id`;
    try {
      const days = { fromDate: `${year}-01-10`, toDate: `${year}-02-16` };
      say(`| a campaign's days, first request (its cases in service audited with the year) | ${(await send(print(CampaignDaysDocument), days)).toFixed(0)} ms | | | |`);
      await measure(`a campaign's days (CampaignDays: every indicator; cases in service audited)`, print(CampaignDaysDocument), days);
    } finally {
      await prisma().$executeRaw`DELETE FROM core.campaign WHERE id = ${campaign!.id}`;
    }
    // The rows above are answered from counts kept while nothing changes (src/indicators/counts-cache.ts). A
    // change of the year makes the next request count again what it moves: the cost of a request after a change.
    const afterEachChange = async (label: string, change: (round: number) => Promise<void>) => {
      const changed: number[] = [];
      for (let i = 0; i < rounds + 1; i++) {
        await change(i);
        const took = await send(print(DashboardReportDocument), { year });
        if (i > 0) changed.push(took);
      }
      changed.sort((a, b) => a - b);
      say(`| whole catalogue, ${year}, city-wide, ${label} before each request (counted again) | ${quantile(changed, 0.5).toFixed(0)} ms | ${quantile(changed, 0.9).toFixed(0)} ms | ${changed[0]!.toFixed(0)} ms | ${changed.at(-1)!.toFixed(0)} ms |`);
    };
    // A caseworker's contact: only the contacts are counted again.
    const [target] = await prisma().$queryRaw<{ id: number }[]>`SELECT id FROM core."case" WHERE kind = 'VULNERABLE_FAMILY' ORDER BY id LIMIT 1`;
    if (!target) throw new CliError('The database holds no vulnerable-family case to record a contact on');
    const contacts: number[] = [];
    try {
      await afterEachChange('a contact of the year recorded', async () => {
        const [contact] = await prisma().$queryRaw<{ id: number }[]>`
          INSERT INTO core.service_contact (case_id, kind, contacted_on, unit_code) VALUES (${target.id}, 'PHONE', ${`${year}-06-15`}::date, 'SOCIAL') RETURNING id`;
        contacts.push(contact!.id);
      });
    } finally {
      await prisma().$executeRaw`DELETE FROM core.service_contact WHERE id = ANY(${contacts}::int[])`;
    }
    // A family moving district (as a household-registration sync does): intakes and both cross-agency counts are counted again.
    const [family] = await prisma().$queryRaw<{ id: number; district_code: string }[]>`
      SELECT f.id, f.district_code FROM core.family f JOIN core."case" c ON c.family_id = f.id AND c.kind = 'VULNERABLE_FAMILY' ORDER BY f.id LIMIT 1`;
    if (!family) throw new CliError('The database holds no family with a vulnerable-family case to move');
    try {
      await afterEachChange('a family moved to another district', async (round) => {
        const district = round % 2 === 0 ? (family.district_code === 'XITUN' ? 'BEITUN' : 'XITUN') : family.district_code;
        await prisma().$executeRaw`UPDATE core.family SET district_code = ${district} WHERE id = ${family.id}`;
      });
    } finally {
      await prisma().$executeRaw`UPDATE core.family SET district_code = ${family.district_code} WHERE id = ${family.id}`;
    }
    say('\nGoal: the whole catalogue for one year under 1 s at the median over the whole-city dataset.');
  } finally {
    await server.stop();
    await disconnectPrisma();
    await db.close();
  }
});
