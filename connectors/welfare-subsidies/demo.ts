// Writes the welfare system's exports for the demo city into the drop
// folder, from the same people as core, in Big5 or UTF-8 (BOM) as the
// welfare system does, with full-width IDs, thousands separators, unknown
// codes, impossible dates and duplicated rows, as real exports have.
// Sizes follow the city's 2023 figures in proportion to the demo population.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { formatRocDate } from '../kit/roc-date.ts';
import { COLUMNS } from './mapping.ts';
import { decodeAgencyFile } from './source.ts';

const CITY_POPULATION = 2_850_000;
/** 2023: certificates held, needs-assessment home visits (20.8%), visits to households that did not deposit. */
const CERTIFICATES_AT_FULL_SCALE = 32_189;
const NEEDS_VISITS_AT_FULL_SCALE = 6_689;
const FOLLOWUP_VISITS_AT_FULL_SCALE = 2_050;
/** 2023 deposit rate of the development accounts, 88.75%: 9 of every 80 account-months without a deposit. */
const MISSED_MONTHS = [9, 80] as const;

const csvLine = (values: (string | number)[]) => values.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',');
const fullWidth = (text: string) => text.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const rocMonth = (date: Date) => formatRocDate(date).slice(0, -3);
const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day));

/**
 * Picks `wanted` of `count` items spread evenly, always including the first:
 * item i is picked when ceil((i + 1)·r) > ceil(i·r), r = wanted / count.
 */
const picked = (i: number, wanted: number, count: number) => count > 0 && Math.ceil(((i + 1) * wanted) / count) > Math.ceil((i * wanted) / count);

interface DemoPerson {
  id: number;
  family_id: number;
  national_id: string | null;
  name: string;
  birth_date: Date;
  relationship: string;
  age: number;
}

type Table = (string | number)[][];

const big5 = (table: Table) => iconv.encode(`${table.map(csvLine).join('\r\n')}\r\n`, 'big5');
const utf8Bom = (table: Table) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${table.map(csvLine).join('\r\n')}\r\n`, 'utf8')]);

/** Identity columns as the welfare system writes them: some IDs full-width, a few birth dates impossible. */
function identity(p: DemoPerson): string[] {
  const id = p.national_id ? (p.id % 17 === 3 ? fullWidth(p.national_id) : p.national_id) : '';
  return [id, p.name, p.id % 151 === 7 ? '112/02/30' : formatRocDate(p.birth_date)];
}

function statusAndSubsidies(households: DemoPerson[]): { status: Table; subsidy: Table } {
  const status: Table = [[COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.status, COLUMNS.from, COLUMNS.to]];
  const subsidy: Table = [[COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.kind, COLUMNS.amount, COLUMNS.from, COLUMNS.to]];
  for (const p of households) {
    status.push([...identity(p), p.id % 97 === 5 ? '9' : p.family_id % 25 === 2 ? '2' : '1', '112/01/01', '112/12/31']);
    if (p.relationship === 'HEAD') subsidy.push([...identity(p), 'A01', (8_000 + (p.id % 8) * 1_000).toLocaleString('en-US'), '112/01/01', '112/12/31']);
    if (p.age < 18) subsidy.push([...identity(p), 'A02', String(2_000 + (p.id % 3) * 500), '112/01/01', '']);
  }
  return { status, subsidy };
}

/**
 * Development accounts for the children (under 18) of the status families,
 * monthly deposits in 2023 (0 for 11.25% of account-months), and follow-up
 * visits to households that missed a month, as many as the city's 2,050 in
 * proportion. The second account's first row is exported twice.
 */
function developmentAccounts(households: DemoPerson[], population: number): { deposits: Table; followups: Table } {
  const deposits: Table = [[COLUMNS.accountNo, COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.openedOn, COLUMNS.depositMonth, COLUMNS.depositAmount]];
  const followups: Table = [[COLUMNS.accountNo, COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.missedMonth, COLUMNS.followupDate]];
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
      const deposited = !picked(accountMonth++, ...MISSED_MONTHS);
      const amount = deposited ? [500, 1_000, 1_250][child.id % 3]! : 0;
      const row = [accountNo, ...identity(child), formatRocDate(openedOn), rocMonth(month), amount.toLocaleString('en-US')];
      deposits.push(row);
      if (index === 1 && firstRow) deposits.push(row);
      firstRow = false;
      if (!deposited) missed.push({ child, accountNo, month });
    }
  });
  const wanted = Math.min(missed.length, Math.round((FOLLOWUP_VISITS_AT_FULL_SCALE * population) / CITY_POPULATION));
  missed.forEach(({ child, accountNo, month }, i) => {
    if (!picked(i, wanted, missed.length)) return;
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
  const certificates: Table = [[COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.category, COLUMNS.level, COLUMNS.validFrom, COLUMNS.validTo]];
  const visits: Table = [[COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.needsVisitDate]];
  const wantedVisits = Math.round((NEEDS_VISITS_AT_FULL_SCALE * population) / CITY_POPULATION);
  holders.forEach((p, i) => {
    const validFrom = utc(2019 + (p.id % 5), p.id % 12, 1 + (p.id % 28));
    // Certificates are reassessed after at most five years; some conditions are certified without an end.
    const validTo = p.id % 9 === 0 ? '' : formatRocDate(utc(validFrom.getUTCFullYear() + 5, validFrom.getUTCMonth(), validFrom.getUTCDate() - 1));
    const category = i === 3 ? '9' : String(1 + (p.id % 8));
    const row = [...identity(p), category, String(1 + (p.id % 4)), formatRocDate(validFrom), validTo];
    certificates.push(row);
    if (i === 2) certificates.push(row);
    if (picked(i, wantedVisits, holders.length)) visits.push([...identity(p), i === 4 ? '112/02/29' : formatRocDate(utc(2023, p.id % 12, 1 + (p.id % 28)))]);
  });
  return { certificates, visits };
}

export async function generateWelfareDrop(databaseUrl: string, folder: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const select = `
      SELECT p.id, m.family_id, p.national_id, p.name, p.birth_date, m.relationship::text,
             date_part('year', age(date '2023-12-31', p.birth_date))::int AS age
      FROM core.family_membership m JOIN core.person p ON p.id = m.person_id
      WHERE m.end_date IS NULL`;
    // About 8% of families hold a low- or middle-low-income status, chosen by family id.
    const households = (await client.query<DemoPerson>(`${select} AND (m.family_id % 25 IN (1, 2) OR m.family_id = 1) ORDER BY m.family_id, p.id`)).rows;
    const population = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM core.person')).rows[0]!.n);
    const wantedCertificates = Math.max(1, Math.round((CERTIFICATES_AT_FULL_SCALE * population) / CITY_POPULATION));
    // Every step-th person by id, the showcase grandparent first; as many as wanted.
    const step = Math.max(1, Math.floor(population / wantedCertificates));
    const holders = (
      await client.query<DemoPerson>(
        `${select} AND (p.id % $1 = 0 OR (m.family_id = 1 AND m.relationship = 'PARENT'))
         ORDER BY (m.family_id = 1) DESC, p.id LIMIT $2`,
        [step, wantedCertificates],
      )
    ).rows;
    const { status, subsidy } = statusAndSubsidies(households);
    const { deposits, followups } = developmentAccounts(households, population);
    const { certificates, visits } = disability(holders, population);
    await mkdir(folder, { recursive: true });
    const files: [string, Buffer, Table][] = [
      ['112-welfare-status.csv', big5(status), status],
      ['112-welfare-subsidy.csv', utf8Bom(subsidy), subsidy],
      ['112-development-account-deposits.csv', utf8Bom(deposits), deposits],
      ['112-development-account-followup-visits.csv', big5(followups), followups],
      ['112-disability-certificates.csv', big5(certificates), certificates],
      ['112-needs-assessment-visits.csv', utf8Bom(visits), visits],
    ];
    for (const [name, bytes] of files) await writeFile(path.join(folder, name), bytes);
    return files.reduce((sum, [, , table]) => sum + table.length - 1, 0);
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
  const changed: Table = [[COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.kind, COLUMNS.amount, COLUMNS.from, COLUMNS.to]];
  rows.forEach((row, i) => {
    if (i % every !== 0) return;
    const amount = Number(row[COLUMNS.amount]?.replace(/,/g, ''));
    changed.push([COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.kind].map((c) => row[c] ?? '')
      .concat([Number.isFinite(amount) ? String(amount + 500) : (row[COLUMNS.amount] ?? ''), row[COLUMNS.from] ?? '', row[COLUMNS.to] ?? '']));
  });
  await writeFile(path.join(folder, `112-welfare-subsidy-corrections-${Date.now()}.csv`), utf8Bom(changed));
  return changed.length - 1;
}
