// Welfare data from a file drop: Big5 and UTF-8 (BOM) exports of statuses,
// subsidies, development-account deposits and follow-up visits, disability
// certificates and needs-assessment visits; each file read once, bad rows
// quarantined and taken in from a corrected file; in the family view under the
// welfare policy (amounts as bands for other units), batched per request.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { gid } from '../../test/support/fixtures.ts';
import { startTestHub, type TestHub } from '../../test/support/test-hub.ts';
import { welfareSubsidies } from './index.ts';
import { mapWelfareRow, recognizeExport } from './mapping.ts';
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
    [{ 帳戶編號: 'EDA1', 出生日期: '105/05/04', 開戶日期: '106/06/01', 存款年月: '112/13', 存款金額: '500' }, '存款年月: "112/13" is not an ROC month (e.g. 112/03)'],
    [{ 帳戶編號: 'EDA1', 出生日期: '105/05/04', 開戶日期: '106/06/01', 存款年月: '112/03', 存款金額: '-5' }, '存款金額: "-5" is not an amount in NT$'],
    [{ 帳戶編號: 'EDA1', 出生日期: '105/05/04', 開戶日期: '112/06/01', 存款年月: '112/03', 存款金額: '500' }, '存款年月: before the account was opened'],
    [{ 帳戶編號: '', 出生日期: '105/05/04', 未存款年月: '112/03', 追蹤訪視日期: '112/04/10' }, '帳戶編號: empty'],
    [{ 帳戶編號: 'EDA1', 出生日期: '105/05/04', 未存款年月: '112/03', 追蹤訪視日期: '112/02/10' }, '追蹤訪視日期: before the month without a deposit'],
    [{ 出生日期: '68/05/04', 障礙類別: '9', 障礙等級: '1', 有效起日: '110/01/01' }, '障礙類別: unknown disability category code "9"'],
    [{ 出生日期: '68/05/04', 障礙類別: '1', 障礙等級: '5', 有效起日: '110/01/01' }, '障礙等級: unknown disability level code "5"'],
    [{ 出生日期: '68/05/04', 障礙類別: '1', 障礙等級: '2', 有效起日: '110/01/01', 有效迄日: '109/12/31' }, '有效迄日: ends before it starts'],
    [{ 出生日期: '68/05/04', 需求評估訪視日期: '112/02/29' }, '需求評估訪視日期: "112/02/29" is not a date in the calendar'],
    [{ 出生日期: '68/05/04', 不明欄位: 'x' }, 'columns 出生日期, 不明欄位 match no known export'],
  ])('refuses bad row %# with its reason', (row, reason) => {
    expect(mapWelfareRow(row)).toEqual({ ok: false, sourceKey: expect.any(String), reason });
  });

  it.each([
    [['身分證統一編號', '姓名', '出生日期', '福利身分別', '核定起日', '核定迄日'], 'status'],
    [['身分證統一編號', '姓名', '出生日期', '補助項目代碼', '月補助金額', '核定起日', '核定迄日'], 'subsidy'],
    [['帳戶編號', '身分證統一編號', '姓名', '出生日期', '開戶日期', '存款年月', '存款金額'], 'deposit'],
    [['帳戶編號', '身分證統一編號', '姓名', '出生日期', '未存款年月', '追蹤訪視日期'], 'followupVisit'],
    [['身分證統一編號', '姓名', '出生日期', '障礙類別', '障礙等級', '有效起日', '有效迄日'], 'disabilityCertificate'],
    [['身分證統一編號', '姓名', '出生日期', '需求評估訪視日期'], 'needsAssessmentVisit'],
    [['身分證統一編號', '姓名'], null],
  ])('recognises the export with columns %j as %s', (headers, kind) => {
    expect(recognizeExport(headers)).toBe(kind);
  });

  it('maps a deposit row: ROC month, thousands separators, full-width ID, 0 for no deposit', () => {
    const row = { 帳戶編號: 'EDA000000004', 身分證統一編號: 'Ｂ２２３４５６７８９', 姓名: '王小美', 出生日期: '097/05/04', 開戶日期: '106/06/01', 存款年月: '11203', 存款金額: '1,250' };
    expect(mapWelfareRow(row)).toMatchObject({
      ok: true,
      value: { record: 'deposit', sourceKey: 'deposit:EDA000000004:11203', nationalId: 'B223456789', month: new Date('2023-03-01'), amount: 1250, openedOn: new Date('2017-06-01') },
    });
    expect(mapWelfareRow({ ...row, 存款金額: '0' })).toMatchObject({ ok: true, value: { amount: 0 } });
  });

  it('maps a certificate without an end and a needs-assessment visit', () => {
    expect(mapWelfareRow({ 身分證統一編號: 'A123456789', 姓名: '王大明', 出生日期: '68/05/04', 障礙類別: '７', 障礙等級: '3', 有效起日: '110/01/01', 有效迄日: '' })).toMatchObject({
      ok: true,
      value: { record: 'disabilityCertificate', categoryCode: '7', levelCode: '3', validFrom: new Date('2021-01-01'), validTo: null },
    });
    expect(mapWelfareRow({ 身分證統一編號: 'A123456789', 姓名: '王大明', 出生日期: '68/05/04', 需求評估訪視日期: '112/03/05' })).toMatchObject({
      ok: true,
      value: { record: 'needsAssessmentVisit', sourceKey: 'needs-visit:A123456789:112/03/05', visitDate: new Date('2023-03-05') },
    });
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
    // The duplicated deposit and certificate rows.
    expect(first.merged).toBeGreaterThanOrEqual(2);
    expect(await prisma().processedFile.count()).toBe(6);
    const runs = await prisma().syncRun.findMany({ where: { connector: 'welfare-subsidies' } });
    expect(runs).toHaveLength(1);
    expect(await welfareSubsidies.sync(hub.db.url)).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
  });

  it('reads the new exports from Big5 and UTF-8 (BOM) files alike', async () => {
    const bom = (name: string) => readFile(path.join(folder, name)).then((b) => b.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])));
    expect(await bom('112-development-account-deposits.csv')).toBe(true);
    expect(await bom('112-needs-assessment-visits.csv')).toBe(true);
    expect(await bom('112-development-account-followup-visits.csv')).toBe(false);
    expect(await bom('112-disability-certificates.csv')).toBe(false);
    expect(await prisma().welfareDevelopmentAccountDeposit.count()).toBeGreaterThan(0);
    expect(await prisma().welfareAccountFollowupVisit.count()).toBeGreaterThan(0);
    expect(await prisma().welfareDisabilityCertificate.count()).toBeGreaterThan(0);
    expect(await prisma().welfareNeedsAssessmentVisit.count()).toBeGreaterThan(0);
  });

  it('sizes the demo exports after the city figures, countable in SQL', async () => {
    const persons = await prisma().person.count();
    const [rates] = await prisma().$queryRaw<{ deposit_rate: number; certificates: number; visits: number; followups: number }[]>`
      SELECT (SELECT avg((amount > 0)::int)::float FROM welfare.development_account_deposit WHERE month BETWEEN '2023-01-01' AND '2023-12-01') AS deposit_rate,
             (SELECT count(DISTINCT person_id)::int FROM welfare.disability_certificate) AS certificates,
             (SELECT count(*)::int FROM welfare.needs_assessment_visit WHERE visit_date BETWEEN '2023-01-01' AND '2023-12-31') AS visits,
             (SELECT count(*)::int FROM welfare.account_followup_visit) AS followups`;
    expect(rates!.deposit_rate).toBeCloseTo(0.8875, 2);
    // Planted bad rows are quarantined, so stored counts sit a little under the city's share.
    expect(rates!.certificates).toBeGreaterThanOrEqual(Math.round((32_189 * persons) / 2_850_000) - 3);
    expect(rates!.certificates).toBeLessThanOrEqual(Math.round((32_189 * persons) / 2_850_000));
    expect(rates!.visits / rates!.certificates).toBeGreaterThan(0.15);
    expect(rates!.visits / rates!.certificates).toBeLessThan(0.26);
    expect(rates!.followups).toBe(Math.round((2_050 * persons) / 2_850_000));
  });

  it('quarantines the planted bad rows of the new exports with a reason naming the column', async () => {
    const reasons = (await prisma().quarantinedRecord.findMany({ where: { connector: 'welfare-subsidies' }, select: { reason: true } })).map((r) => r.reason);
    expect(reasons).toContain('障礙類別: unknown disability category code "9"');
    expect(reasons).toContain('需求評估訪視日期: "112/02/29" is not a date in the calendar');
    expect(reasons).not.toContain('出生日期: "112/02/30" is not a date in the calendar');
  });

  it('stores a row whose only broken field is the birth date when its national ID links it, with a data-quality note', async () => {
    const rows = await prisma().$queryRaw<{ notes: string[] }[]>`SELECT notes FROM sync.data_quality WHERE connector = 'welfare-subsidies'`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r: { notes: string[] }) => r.notes.length === 1 && r.notes[0] === '出生日期: "112/02/30" is not a date in the calendar (linked by national ID and name)')).toBe(true);
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

  it('takes in a corrected certificate (UTF-8, BOM) and clears its quarantine', async () => {
    const bad = await prisma().quarantinedRecord.findFirstOrThrow({ where: { connector: 'welfare-subsidies', reason: { contains: 'unknown disability category' } } });
    const raw = bad.raw as Record<string, string>;
    const columns = ['身分證統一編號', '姓名', '出生日期', '障礙類別', '障礙等級', '有效起日', '有效迄日'];
    const corrected = `${columns.join(',')}\r\n${columns.map((c) => (c === '障礙類別' ? '2' : raw[c])).join(',')}\r\n`;
    await writeFile(path.join(folder, '113-disability-certificates-correction.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(corrected)]));
    const counts = await welfareSubsidies.sync(hub.db.url);
    expect(counts).toEqual({ read: 1, inserted: 1, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
    expect(await prisma().quarantinedRecord.findUnique({ where: { id: bad.id } })).toBeNull();
    expect(await prisma().welfareDisabilityCertificate.findUnique({ where: { sourceKey: bad.sourceKey } })).toMatchObject({ categoryCode: '2' });
    expect(await welfareSubsidies.sync(hub.db.url)).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
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

  const ACCOUNTS_AND_DISABILITY = `query ($id: ID!) { family(id: $id) { members { relationship person {
    developmentAccountDeposits { month deposited amount syncedAt source }
    developmentAccountFollowupVisits { missedMonth visitDate }
    disabilityCertificates { categoryCode categoryLabelEn categoryLabelZh levelCode levelLabelEn levelLabelZh validFrom validTo syncedAt source }
    needsAssessmentVisits { visitDate syncedAt source }
  } } } }`;

  it("shows the showcase family's development account and disability records to the Social Affairs Bureau", async () => {
    const social = await hub.query(ACCOUNTS_AND_DISABILITY, { id: gid('Family', 1) });
    expect(social.errors).toBeUndefined();
    const members = social.data!.family.members as { relationship: string; person: Record<string, any[]> }[];
    const children = members.filter((m) => m.relationship === 'CHILD');
    expect(children).toHaveLength(2);
    for (const child of children) {
      expect(child.person.developmentAccountDeposits).toHaveLength(12);
      expect(child.person.developmentAccountDeposits![0]).toMatchObject({ month: '2023-12-01', amount: expect.stringMatching(/^\d+$/), source: expect.stringContaining('社會救助科') });
    }
    const deposits = children.flatMap((c) => c.person.developmentAccountDeposits!);
    expect(deposits.some((d) => d.deposited === false && d.amount === '0')).toBe(true);
    expect(children.flatMap((c) => c.person.developmentAccountFollowupVisits!).length).toBeGreaterThan(0);
    const grandparent = members.find((m) => m.relationship === 'PARENT')!.person;
    expect(grandparent.disabilityCertificates).toHaveLength(1);
    expect(grandparent.disabilityCertificates![0]).toMatchObject({
      categoryCode: expect.stringMatching(/^[1-8]$/),
      categoryLabelEn: expect.any(String),
      categoryLabelZh: expect.stringMatching(/^第\d類/),
      levelLabelZh: expect.stringMatching(/度$/),
      syncedAt: expect.any(String),
    });
    expect(grandparent.needsAssessmentVisits).toHaveLength(1);
  });

  it('shows deposit amounts as bands and no account numbers to a serving unit, and nothing to NGOs or unrelated units', async () => {
    const health = await hub.query(ACCOUNTS_AND_DISABILITY, { id: gid('Family', 1) }, { unit: 'HEALTH', sub: 'w-health' });
    expect(health.errors).toBeUndefined();
    const child = (health.data!.family.members as { relationship: string; person: Record<string, any[]> }[]).find((m) => m.relationship === 'CHILD')!.person;
    expect(new Set(child.developmentAccountDeposits!.map((d) => d.amount))).toEqual(new Set(['0-4999']));
    const accountNo = await hub.query(`query ($id: ID!) { family(id: $id) { members { person { developmentAccountDeposits { accountNo } } } } }`, { id: gid('Family', 1) }, { unit: 'HEALTH', sub: 'w-health' });
    expect(new Set(accountNo.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
    // The NGO holds the showcase family's assignment: it sees the family, but no welfare data.
    const assignment = await prisma().assignment.findFirstOrThrow({ where: { case: { familyId: 1 }, endDate: null } });
    for (const caller of [{ unit: 'POLICE', sub: 'w-police' }, { unit: 'NGO', sub: 'w-ngo', org: assignment.organizationId }] as const) {
      const denied = await hub.query(ACCOUNTS_AND_DISABILITY, { id: gid('Family', 1) }, caller);
      const members = denied.data!.family.members as { person: unknown }[];
      expect(members.length).toBeGreaterThan(0);
      for (const member of members) {
        expect(member.person).toEqual({ developmentAccountDeposits: null, developmentAccountFollowupVisits: null, disabilityCertificates: null, needsAssessmentVisits: null });
      }
      expect(new Set(denied.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
    }
  });

  it('loads the new lists for a whole page of families with one statement per table', async () => {
    const seen: string[] = [];
    const stop = onStatement((sql) => seen.push(sql));
    const response = await hub.query(`{ families(first: 50) { edges { node { members { person {
      developmentAccountDeposits { month } developmentAccountFollowupVisits { visitDate } disabilityCertificates { validFrom } needsAssessmentVisits { visitDate }
    } } } } } }`);
    stop();
    expect(response.errors).toBeUndefined();
    for (const table of ['development_account_deposit', 'account_followup_visit', 'disability_certificate', 'needs_assessment_visit']) {
      expect(seen.filter((sql) => sql.includes(`"${table}"`)).length).toBe(1);
    }
  });
});
