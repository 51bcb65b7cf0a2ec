// The welfare system's exports as the demo writes them, for the demo city
// and for a seed scenario alike: the six files of the drop folder, their
// encodings (Big5, UTF-8 with BOM), the identity columns with the system's
// quirks, and the low-income statuses and subsidies.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import type pg from 'pg';
import { formatRocDate } from '../kit/roc-date.ts';
import { COLUMNS } from './mapping.ts';

export interface DemoPerson {
  id: number;
  family_id: number;
  national_id: string | null;
  name: string;
  birth_date: Date;
  relationship: string;
  age: number;
}

export type Table = (string | number)[][];

/** Persons with their current household and their age at the end of 2023, for the exports' queries to filter and order. */
export const PERSONS_SELECT = `
  SELECT p.id, m.family_id, p.national_id, p.name, p.birth_date, m.relationship::text,
         date_part('year', age(date '2023-12-31', p.birth_date))::int AS age
  FROM core.family_membership m JOIN core.person p ON p.id = m.person_id
  WHERE m.end_date IS NULL`;

export async function selectPersons(client: pg.Client, filterAndOrder: string, params: unknown[] = []): Promise<DemoPerson[]> {
  return (await client.query<DemoPerson>(`${PERSONS_SELECT} ${filterAndOrder}`, params)).rows;
}

const csvLine = (values: (string | number)[]) => values.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',');
export const fullWidth = (text: string) => text.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
export const rocMonth = (date: Date) => formatRocDate(date).slice(0, -3);
export const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day));

const big5 = (table: Table) => iconv.encode(`${table.map(csvLine).join('\r\n')}\r\n`, 'big5');
export const utf8Bom = (table: Table) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${table.map(csvLine).join('\r\n')}\r\n`, 'utf8')]);

export const HEADERS = {
  status: [COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.status, COLUMNS.from, COLUMNS.to],
  subsidy: [COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.kind, COLUMNS.amount, COLUMNS.from, COLUMNS.to],
  deposits: [COLUMNS.accountNo, COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.openedOn, COLUMNS.depositMonth, COLUMNS.depositAmount],
  followups: [COLUMNS.accountNo, COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.missedMonth, COLUMNS.followupDate],
  certificates: [COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.category, COLUMNS.level, COLUMNS.validFrom, COLUMNS.validTo],
  visits: [COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.needsVisitDate],
} as const;

export interface WelfareExports {
  status: Table;
  subsidy: Table;
  deposits: Table;
  followups: Table;
  certificates: Table;
  visits: Table;
}

/** Writes the six exports into the drop folder; returns their data rows. */
export async function writeExports(folder: string, exports: WelfareExports): Promise<number> {
  const files: [string, Buffer, Table][] = [
    ['112-welfare-status.csv', big5(exports.status), exports.status],
    ['112-welfare-subsidy.csv', utf8Bom(exports.subsidy), exports.subsidy],
    ['112-development-account-deposits.csv', utf8Bom(exports.deposits), exports.deposits],
    ['112-development-account-followup-visits.csv', big5(exports.followups), exports.followups],
    ['112-disability-certificates.csv', big5(exports.certificates), exports.certificates],
    ['112-needs-assessment-visits.csv', utf8Bom(exports.visits), exports.visits],
  ];
  await mkdir(folder, { recursive: true });
  for (const [name, bytes] of files) await writeFile(path.join(folder, name), bytes);
  return files.reduce((sum, [, , table]) => sum + table.length - 1, 0);
}

/** Identity columns as the welfare system writes them: some IDs full-width, a few birth dates impossible. */
export function identity(p: DemoPerson): string[] {
  const id = p.national_id ? (p.id % 17 === 3 ? fullWidth(p.national_id) : p.national_id) : '';
  return [id, p.name, p.id % 151 === 7 ? '112/02/30' : formatRocDate(p.birth_date)];
}

/** Identity columns the connector can always take in and link: the full-width IDs stay, no impossible birth date. */
export function linkableIdentity(p: DemoPerson): string[] {
  return [...identity(p).slice(0, 2), formatRocDate(p.birth_date)];
}

/** Low- or middle-low-income status of every member, living assistance for heads and a children's allowance for minors, all of 2023. */
export function statusAndSubsidies(households: DemoPerson[]): { status: Table; subsidy: Table } {
  const status: Table = [[...HEADERS.status]];
  const subsidy: Table = [[...HEADERS.subsidy]];
  for (const p of households) {
    status.push([...identity(p), p.id % 97 === 5 ? '9' : p.family_id % 25 === 2 ? '2' : '1', '112/01/01', '112/12/31']);
    if (p.relationship === 'HEAD') subsidy.push([...identity(p), 'A01', (8_000 + (p.id % 8) * 1_000).toLocaleString('en-US'), '112/01/01', '112/12/31']);
    if (p.age < 18) subsidy.push([...identity(p), 'A02', String(2_000 + (p.id % 3) * 500), '112/01/01', '']);
  }
  return { status, subsidy };
}
