// Welfare subsidies from a file drop: Big5 and UTF-8 (BOM) exports, each file
// read once, bad rows quarantined and taken in from a corrected file; in the
// family view under the welfare policy (amounts as bands for other units).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { gid } from '../../test/support/fixtures.ts';
import { startTestHub, type TestHub } from '../../test/support/test-hub.ts';
import { welfareSubsidies } from './index.ts';
import { mapWelfareRow } from './mapping.ts';
import { decodeAgencyFile } from './source.ts';

describe('welfare mapping and decoding', () => {
  it('decodes Big5 and UTF-8 with a byte-order mark alike', () => {
    const text = '姓名,福利身分別\n王大明,1\n';
    expect(decodeAgencyFile(iconv.encode(text, 'big5'))).toBe(text);
    expect(decodeAgencyFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
  });

  it('maps a subsidy row, reading thousands separators and full-width IDs', () => {
    const result = mapWelfareRow({ 身分證統一編號: 'Ａ１２３４５６７８９', 姓名: '王大明', 出生日期: '68/05/04', 補助項目代碼: 'A01', 月補助金額: '12,000', 核定起日: '112/01/01', 核定迄日: '' });
    expect(result).toMatchObject({ ok: true, value: { record: 'subsidy', nationalId: 'A123456789', kindCode: 'A01', monthlyAmount: 12000, toMonth: null } });
  });

  it.each<[Record<string, string>, string]>([
    [{ 出生日期: '68/05/04', 福利身分別: '9', 核定起日: '112/01/01' }, '福利身分別: unknown status code "9"'],
    [{ 出生日期: '68/05/04', 補助項目代碼: 'Z99', 月補助金額: '1', 核定起日: '112/01/01' }, '補助項目代碼: unknown subsidy code "Z99"'],
    [{ 出生日期: '68/05/04', 補助項目代碼: 'A01', 月補助金額: 'lots', 核定起日: '112/01/01' }, '月補助金額: "lots" is not an amount in NT$'],
    [{ 出生日期: '68/05/04', 福利身分別: '1', 核定起日: '112/05/01', 核定迄日: '112/01/01' }, '核定迄日: ends before it starts'],
  ])('refuses bad row %# with its reason', (row, reason) => {
    expect(mapWelfareRow(row)).toEqual({ ok: false, sourceKey: expect.any(String), reason });
  });
});

describe('welfare sync and view', () => {
  let hub: TestHub;
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'welfare-drop-'));
    process.env.HUB_WELFARE_DROP_DIR = folder;
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scale: 0.002, seed: 9 });
    await welfareSubsidies.generateDemoSource(hub.db.url);
  });
  afterAll(() => hub.stop());

  it('reads each file once, and reconciles every row', async () => {
    const first = await welfareSubsidies.sync(hub.db.url);
    expect(first.read).toBeGreaterThan(0);
    expect(first.inserted + first.updated + first.unchanged + first.merged + first.quarantined).toBe(first.read);
    expect(first.quarantined).toBeGreaterThan(0);
    expect(await prisma().processedFile.count()).toBe(2);
    expect(await welfareSubsidies.sync(hub.db.url)).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
  });

  it('takes in a corrected row from a new file and clears its quarantine', async () => {
    const bad = await prisma().quarantinedRecord.findFirstOrThrow({ where: { connector: 'welfare-subsidies', reason: { contains: 'unknown status code' } } });
    const raw = bad.raw as Record<string, string>;
    const corrected = `身分證統一編號,姓名,出生日期,福利身分別,核定起日,核定迄日\r\n${[raw['身分證統一編號'], raw['姓名'], raw['出生日期'], '1', raw['核定起日'], raw['核定迄日']].join(',')}\r\n`;
    await writeFile(path.join(folder, '113-welfare-status-correction.csv'), iconv.encode(corrected, 'big5'));
    const counts = await welfareSubsidies.sync(hub.db.url);
    expect(counts).toMatchObject({ read: 1, quarantined: 0 });
    expect(counts.inserted + counts.updated).toBe(1);
    expect(await prisma().quarantinedRecord.findUnique({ where: { id: bad.id } })).toBeNull();
  });

  it('shows welfare data to the owner, amounts as bands to other serving units, nothing to others', async () => {
    const query = `query ($id: ID!) { family(id: $id) { members { person { welfareStatuses { kind } welfareSubsidies { kindCode monthlyAmount } } } } }`;
    const social = await hub.query(query, { id: gid('Family', 1) });
    const head = social.data!.family.members[0].person;
    expect(head.welfareStatuses).toEqual([{ kind: 'LOW_INCOME' }]);
    expect(head.welfareSubsidies[0].monthlyAmount).toMatch(/^\d+$/);
    const health = await hub.query(query, { id: gid('Family', 1) }, { unit: 'HEALTH', sub: 'w-health' });
    expect(health.data!.family.members[0].person.welfareSubsidies[0].monthlyAmount).toMatch(/^\d+-\d+$/);
    const police = await hub.query(query, { id: gid('Family', 1) }, { unit: 'POLICE', sub: 'w-police' });
    expect(police.data!.family.members[0].person).toEqual({ welfareStatuses: null, welfareSubsidies: null });
    expect(new Set(police.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
  });
});
