// Writes the welfare system's exports for the demo city into the drop
// folder, from the same people as core: a Big5 status file and a UTF-8 (BOM)
// subsidy file, with full-width IDs, thousands separators, an unknown code
// and an impossible date, as real exports have.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import pg from 'pg';
import { formatRocDate } from '../kit/roc-date.ts';
import { COLUMNS } from './mapping.ts';

const csvLine = (values: (string | number)[]) => values.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',');
const fullWidth = (text: string) => text.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

export async function generateWelfareDrop(databaseUrl: string, folder: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // About 4% of families hold a low- or middle-low-income status, chosen by family id.
    const { rows } = await client.query<{ id: number; family_id: number; national_id: string | null; name: string; birth_date: Date; relationship: string; age: number }>(`
      SELECT p.id, m.family_id, p.national_id, p.name, p.birth_date, m.relationship::text,
             date_part('year', age(date '2023-12-31', p.birth_date))::int AS age
      FROM core.family_membership m JOIN core.person p ON p.id = m.person_id
      WHERE m.end_date IS NULL AND (m.family_id % 25 IN (1, 2) OR m.family_id = 1)
      ORDER BY m.family_id, p.id`);
    const status: string[][] = [[COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.status, COLUMNS.from, COLUMNS.to]];
    const subsidy: string[][] = [[COLUMNS.nationalId, COLUMNS.name, COLUMNS.birth, COLUMNS.kind, COLUMNS.amount, COLUMNS.from, COLUMNS.to]];
    for (const p of rows) {
      const id = p.national_id ? (p.id % 17 === 3 ? fullWidth(p.national_id) : p.national_id) : '';
      const birth = p.id % 151 === 7 ? '112/02/30' : formatRocDate(p.birth_date);
      status.push([id, p.name, birth, p.id % 97 === 5 ? '9' : p.family_id % 25 === 2 ? '2' : '1', '112/01/01', '112/12/31']);
      if (p.relationship === 'HEAD') subsidy.push([id, p.name, birth, 'A01', (8_000 + (p.id % 8) * 1_000).toLocaleString('en-US'), '112/01/01', '112/12/31']);
      if (p.age < 18) subsidy.push([id, p.name, birth, 'A02', String(2_000 + (p.id % 3) * 500), '112/01/01', '']);
    }
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, '112-welfare-status.csv'), iconv.encode(`${status.map(csvLine).join('\r\n')}\r\n`, 'big5'));
    await writeFile(path.join(folder, '112-welfare-subsidy.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${subsidy.map(csvLine).join('\r\n')}\r\n`, 'utf8')]));
    return status.length + subsidy.length - 2;
  } finally {
    await client.end();
  }
}
