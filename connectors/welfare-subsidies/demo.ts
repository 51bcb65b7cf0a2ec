// Writes the welfare system's exports for the demo city into the drop
// folder, from the same people as core, in Big5 or UTF-8 (BOM) as the
// welfare system does, with full-width IDs, thousands separators, unknown
// codes, impossible dates and duplicated rows, as real exports have.
// Sizes follow the city's 2023 figures in proportion to the demo population.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import {
  ACCOUNT_FOLLOWUP_VISITS_AT_FULL_SCALE,
  CITY_POPULATION,
  DEPOSIT_MISSED_MONTHS,
  DISABILITY_CERTIFICATES_AT_FULL_SCALE,
  NEEDS_ASSESSMENT_VISITS_AT_FULL_SCALE,
} from '../../src/demo-city/figures.ts';
import { pickedEvenly } from '../../src/demo-city/exact.ts';
import { seededScenario } from '../../src/demo-city/seeded-city.ts';
import { formatRocDate } from '../kit/roc-date.ts';
import { generateScenarioWelfareDrop } from './demo-scenario.ts';
import { HEADERS, identity, rocMonth, selectPersons, statusAndSubsidies, utc, utf8Bom, writeExports, type DemoPerson, type Table } from './demo-exports.ts';
import { COLUMNS } from './mapping.ts';
import { decodeAgencyFile } from './source.ts';

/**
 * Development accounts for the children (under 18) of the status families,
 * monthly deposits in 2023 (0 for 11.25% of account-months), and follow-up
 * visits to households that missed a month, as many as the city's 2,050 in
 * proportion. The second account's first row is exported twice.
 */
function developmentAccounts(households: DemoPerson[], population: number): { deposits: Table; followups: Table } {
  const deposits: Table = [[...HEADERS.deposits]];
  const followups: Table = [[...HEADERS.followups]];
  const missed: { child: DemoPerson; accountNo: string; month: Date }[] = [];
  let accountMonth = 0;
  const children = households.filter((p) => p.age < 18);
  children.forEach((child, index) => {
    const accountNo = `EDA${String(child.id).padStart(9, '0')}`;
    const born = child.birth_date;
    // Accounts opened from June 2017 (the programme's start) or at birth after it.
    const openedOn = born > utc(2017, 5, 1) ? utc(born.getUTCFullYear(), born.getUTCMonth(), born.getUTCDate()) : utc(2017, 5, 1 + (child.id % 28));
    let firstRow = true;
    for (let m = 0; m < 12; m += 1) {
      const month = utc(2023, m, 1);
      if (month < utc(openedOn.getUTCFullYear(), openedOn.getUTCMonth(), 1)) continue;
      const deposited = !pickedEvenly(accountMonth++, ...DEPOSIT_MISSED_MONTHS);
      const amount = deposited ? [500, 1_000, 1_250][child.id % 3]! : 0;
      const row = [accountNo, ...identity(child), formatRocDate(openedOn), rocMonth(month), amount.toLocaleString('en-US')];
      deposits.push(row);
      if (index === 1 && firstRow) deposits.push(row);
      firstRow = false;
      if (!deposited) missed.push({ child, accountNo, month });
    }
  });
  const wanted = Math.min(missed.length, Math.round((ACCOUNT_FOLLOWUP_VISITS_AT_FULL_SCALE * population) / CITY_POPULATION));
  missed.forEach(({ child, accountNo, month }, i) => {
    if (!pickedEvenly(i, wanted, missed.length)) return;
    const visit = utc(month.getUTCFullYear(), month.getUTCMonth() + 1, 5 + (child.id % 20));
    followups.push([accountNo, ...identity(child), rocMonth(month), formatRocDate(visit)]);
  });
  return { deposits, followups };
}

/**
 * Disability certificates for as many persons as the city's 32,189 in
 * proportion, and needs-assessment home visits to 20.8% of them; the
 * showcase family's grandparent holds one and was visited. Quirks: an unknown
 * category code, an impossible visit date, a duplicated certificate row.
 */
function disability(holders: DemoPerson[], population: number): { certificates: Table; visits: Table } {
  const certificates: Table = [[...HEADERS.certificates]];
  const visits: Table = [[...HEADERS.visits]];
  const wantedVisits = Math.round((NEEDS_ASSESSMENT_VISITS_AT_FULL_SCALE * population) / CITY_POPULATION);
  holders.forEach((p, i) => {
    const validFrom = utc(2019 + (p.id % 5), p.id % 12, 1 + (p.id % 28));
    // Certificates are reassessed after at most five years; some conditions are certified without an end.
    const validTo = p.id % 9 === 0 ? '' : formatRocDate(utc(validFrom.getUTCFullYear() + 5, validFrom.getUTCMonth(), validFrom.getUTCDate() - 1));
    const category = i === 3 ? '9' : String(1 + (p.id % 8));
    const row = [...identity(p), category, String(1 + (p.id % 4)), formatRocDate(validFrom), validTo];
    certificates.push(row);
    if (i === 2) certificates.push(row);
    if (pickedEvenly(i, wantedVisits, holders.length)) visits.push([...identity(p), i === 4 ? '112/02/29' : formatRocDate(utc(2023, p.id % 12, 1 + (p.id % 28)))]);
  });
  return { certificates, visits };
}

/** The six exports for the city in the database: in proportion to the figures, or exactly a seeded scenario's. */
export async function generateWelfareDrop(databaseUrl: string, folder: string): Promise<number> {
  const scenario = await seededScenario(databaseUrl);
  if (scenario) return generateScenarioWelfareDrop(databaseUrl, folder, scenario);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // About 8% of families hold a low- or middle-low-income status, chosen by family id.
    const households = await selectPersons(client, 'AND (m.family_id % 25 IN (1, 2) OR m.family_id = 1) ORDER BY m.family_id, p.id');
    const population = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM core.person')).rows[0]!.n);
    const wantedCertificates = Math.max(1, Math.round((DISABILITY_CERTIFICATES_AT_FULL_SCALE * population) / CITY_POPULATION));
    // Every step-th person by id, the showcase grandparent first; as many as wanted.
    const step = Math.max(1, Math.floor(population / wantedCertificates));
    const holders = await selectPersons(
      client,
      `AND (p.id % $1 = 0 OR (m.family_id = 1 AND m.relationship = 'PARENT'))
       ORDER BY (m.family_id = 1) DESC, p.id LIMIT $2`,
      [step, wantedCertificates],
    );
    return await writeExports(folder, { ...statusAndSubsidies(households), ...developmentAccounts(households, population), ...disability(holders, population) });
  } finally {
    await client.end();
  }
}

/**
 * A month of the welfare system's work: a corrections export re-granting
 * `share` of the subsidies with the amount raised by NT$ 500, as a new file
 * in the drop folder (for the sync benchmark); returns how many rows.
 */
export async function changeWelfareDrop(folder: string, share: number): Promise<number> {
  const rows = parse(decodeAgencyFile(await readFile(path.join(folder, '112-welfare-subsidy.csv'))), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const every = Math.max(1, Math.round(1 / share));
  const changed: Table = [[...HEADERS.subsidy]];
  rows.forEach((row, i) => {
    if (i % every !== 0) return;
    const amount = Number(row[COLUMNS.amount]?.replace(/,/g, ''));
    changed.push([COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.kind].map((c) => row[c] ?? '')
      .concat([Number.isFinite(amount) ? String(amount + 500) : (row[COLUMNS.amount] ?? ''), row[COLUMNS.from] ?? '', row[COLUMNS.to] ?? '']));
  });
  await writeFile(path.join(folder, `112-welfare-subsidy-corrections-${Date.now()}.csv`), utf8Bom(changed));
  return changed.length - 1;
}
