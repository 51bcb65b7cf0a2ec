// Notifications (issue 15): events recorded in the transaction of the change
// (a rolled-back write leaves none), addressed to the units and organisations
// that must act, each reading only its own inbox and change feed; read marks
// per unit; refused at the core subgraph to ANALYST and AUDITOR.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import { familyRelations, servingParties } from '../../src/graph/need-to-know.ts';
import { recordEvent } from '../../src/notifications/record-event.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, day, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const INBOX = `query ($unreadOnly: Boolean, $first: Int, $after: String) { notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
  totalCount unreadCount hasNextPage endCursor notifications { id kind familyId record { type id } actorUnit readAt } } }`;
const FEED = `query ($cursor: String, $first: Int) { changesSince(cursor: $cursor, first: $first) { cursor hasMore changes { id kind record { type id } } } }`;
const MARK = `mutation ($ids: [ID!], $upTo: ID) { markNotificationsRead(ids: $ids, upTo: $upTo) { ok error { code message } inputErrors { field reason } result { marked unreadCount } } }`;
const REFER = `mutation ($in: CreateReferralInput!) { createReferral(input: $in) { ok error { code message } referral { id } } }`;
const REPORT = `mutation ($in: CreateIntakeInput!) { createIntake(input: $in) { ok error { code message } intake { id reReport } } }`;
const TRIAGE = `mutation ($in: TriageIntakeInput!) { triageIntake(input: $in) { ok error { code message } intake { id caseId: case { id } } } }`;

const worker = (unit: Caller['unit'], extra: Partial<Caller> = {}): Caller => ({ unit, sub: `w-${unit.toLowerCase()}-notify`, ...extra });

describe('notifications: inbox and change feed', () => {
  let hub: TestHub;
  let core: HubServer;
  let family: BuiltFamily;
  let org: number;
  let otherOrg: number;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    // Two open cases: SOCIAL's and HEALTH's; an NGO assigned to SOCIAL's.
    family = (await buildFamilies(1, { members: 3, openCases: 2, contactsPerCase: 0, referrals: 0 }))[0]!;
    org = (await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    otherOrg = (await prisma().organization.create({ data: { name: '勵馨基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    await prisma().assignment.create({ data: { caseId: family.caseIds[0]!, organizationId: org, startDate: day('2023-02-01') } });
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const inbox = async (caller: Caller, variables: Record<string, unknown> = {}) => {
    const answer = await hub.query(INBOX, variables, caller);
    expect(answer.errors).toBeUndefined();
    return answer.data!.notifications as { totalCount: number; unreadCount: number; hasNextPage: boolean; endCursor: string | null; notifications: { id: string; kind: string; record: { type: string; id: string }; readAt: string | null }[] };
  };
  const kinds = async (caller: Caller) => (await inbox(caller)).notifications.map((n) => `${n.kind} ${n.record.type}`);
  const eventCount = async () => prisma().notificationEvent.count();

  it('addresses the same parties as need-to-know serves (recipientsServing reuses its rule)', async () => {
    const parties = await servingParties(family.familyId);
    expect(parties).toEqual({ units: ['HEALTH', 'SOCIAL'], organizations: [org] });
    for (const unit of UNIT_CODES.filter((u) => u !== 'NGO')) {
      const [relation] = await familyRelations([family.familyId], { unit, org: null, workerId: 'nobody' });
      expect([unit, relation!.level === 'SERVING']).toEqual([unit, parties.units.includes(unit)]);
    }
    for (const o of [org, otherOrg]) {
      const [relation] = await familyRelations([family.familyId], { unit: 'NGO', org: o, workerId: 'nobody' });
      expect([o, relation!.level === 'SERVING']).toEqual([o, parties.organizations.includes(o)]);
    }
  });

  it('a referral tells the receiving unit and the others serving the family, in the same transaction', async () => {
    const before = await eventCount();
    const sent = await hub.query(REFER, { in: { personId: gid('Person', family.personIds[1]!), toUnit: 'LABOR', reason: '父親失業，需要就業服務' } }, worker('SOCIAL'));
    expect(sent.data!.createReferral.ok).toBe(true);
    expect(await eventCount()).toBe(before + 2);
    expect(await kinds(worker('LABOR'))).toEqual(['REFERRAL_RECEIVED Referral']);
    expect(await kinds(worker('HEALTH'))).toEqual(['REFERRAL_SENT Referral']);
    expect(await kinds({ unit: 'NGO', sub: 'w-ngo-notify', org })).toEqual(['REFERRAL_SENT Referral']);
    // Neither the sender, nor units and organisations not serving the family.
    for (const caller of [worker('SOCIAL'), worker('PROTECTION'), worker('EDUCATION'), { unit: 'NGO', sub: 'w-ngo-other', org: otherOrg } as Caller]) {
      expect([caller.unit, caller.org, await kinds(caller)]).toEqual([caller.unit, caller.org, []]);
    }
    const labor = (await inbox(worker('LABOR'))).notifications[0]!;
    expect(labor.record.id).toBe(sent.data!.createReferral.referral.id);
    // The same referral sent again is refused and records nothing.
    const again = await hub.query(REFER, { in: { personId: gid('Person', family.personIds[1]!), toUnit: 'LABOR', reason: '再送一次' } }, worker('SOCIAL'));
    expect(again.data!.createReferral.error.code).toBe('BAD_USER_INPUT');
    expect(await eventCount()).toBe(before + 2);
  });

  it('a rolled-back write leaves no event, no recipient and no delivery job', async () => {
    const before = [await eventCount(), await prisma().notificationRecipient.count()];
    await expect(
      prisma().$transaction(async (tx) => {
        await recordEvent(tx, { kind: 'CASE_OPENED', familyId: family.familyId, record: { type: 'Case', id: family.caseIds[0]! }, recipients: { units: ['LABOR'] }, actor: { unit: 'SOCIAL', workerId: 'w-x' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect([await eventCount(), await prisma().notificationRecipient.count()]).toEqual(before);
    await expect(prisma().$transaction((tx) => recordEvent(tx, { kind: 'CASE_OPENED', familyId: null, record: { type: 'Case', id: 1 }, recipients: { units: ['NGO'] }, actor: { unit: 'SOCIAL', workerId: 'w-x' } }))).rejects.toThrow(/never the unit 'NGO'/);
  });

  it('a re-report tells the units serving the family; triage tells the unit dispatched to and, opening a case, the others', async () => {
    await prisma().case.create({ data: { kind: 'CHILD_PROTECTION', status: 'OPEN', familyId: family.familyId, subjectPersonId: family.personIds[2]!, ownerUnitCode: 'PROTECTION', districtCode: 'XITUN', openedOn: day('2023-01-10') } });
    const reported = await hub.query(REPORT, { in: { kind: 'CHILD_PROTECTION', familyId: gid('Family', family.familyId) } }, worker('PROTECTION'));
    expect(reported.data!.createIntake.intake.reReport).toBe(true);
    expect((await kinds(worker('HEALTH')))[0]).toBe('RE_REPORT Intake');
    expect((await kinds({ unit: 'NGO', sub: 'w-ngo-notify', org }))[0]).toBe('RE_REPORT Intake');
    expect(await kinds(worker('PROTECTION'))).toEqual([]);
    const triaged = await hub.query(TRIAGE, { in: { intakeId: reported.data!.createIntake.intake.id, dispatchTo: 'POLICE', openCase: true } }, worker('PROTECTION'));
    expect(triaged.data!.triageIntake.ok).toBe(true);
    expect(await kinds(worker('POLICE'))).toEqual(['INTAKE_RECEIVED Intake']);
    expect((await kinds(worker('HEALTH'))).slice(0, 2)).toEqual(['CASE_OPENED Case', 'RE_REPORT Intake']);
    expect((await kinds(worker('SOCIAL')))[0]).toBe('CASE_OPENED Case');
  });

  it('pages the inbox newest first with totals, and marks read per unit', async () => {
    const health = worker('HEALTH');
    const all = await inbox(health);
    expect(all.totalCount).toBe(3);
    expect(all.unreadCount).toBe(3);
    const first = await inbox(health, { first: 2 });
    expect(first.hasNextPage).toBe(true);
    const rest = await inbox(health, { first: 2, after: first.endCursor });
    expect([...first.notifications, ...rest.notifications].map((n) => n.id)).toEqual(all.notifications.map((n) => n.id));
    const newest = all.notifications[0]!.id;
    const marked = await hub.query(MARK, { ids: [newest] }, health);
    expect(marked.data!.markNotificationsRead).toMatchObject({ ok: true, result: { marked: 1, unreadCount: 2 } });
    // Read for a colleague of the same unit too; unread for the other units the event went to.
    expect((await inbox(worker('HEALTH', { sub: 'w-health-colleague' }), { unreadOnly: true })).totalCount).toBe(2);
    expect((await inbox(worker('SOCIAL'), { unreadOnly: true })).unreadCount).toBe((await inbox(worker('SOCIAL'))).totalCount);
    const upTo = await hub.query(MARK, { upTo: all.notifications[1]!.id }, health);
    expect(upTo.data!.markNotificationsRead).toMatchObject({ ok: true, result: { marked: 2, unreadCount: 0 } });
  });

  it('refuses another unit\'s notification as not found, and bad ids and cursors as bad input', async () => {
    const laborId = (await inbox(worker('LABOR'))).notifications[0]!.id;
    const refused = await hub.query(MARK, { ids: [laborId] }, worker('HEALTH'));
    expect(refused.data!.markNotificationsRead.error).toEqual({ code: 'NOT_FOUND', message: 'ids: no such notification' });
    expect((await hub.query(MARK, { ids: [laborId] }, { unit: 'NGO', sub: 'w-ngo-notify', org })).data!.markNotificationsRead.error.code).toBe('NOT_FOUND');
    expect((await inbox(worker('LABOR'), { unreadOnly: true })).totalCount).toBe(1);
    for (const variables of [{ ids: [gid('Referral', 1)] }, { upTo: 'garbage' }, {}, { ids: [laborId], upTo: laborId }, { ids: [] }]) {
      const answer = await hub.query(MARK, variables, worker('LABOR'));
      expect([variables, answer.data!.markNotificationsRead.error.code]).toEqual([variables, 'BAD_USER_INPUT']);
    }
    for (const cursor of ['nope', Buffer.from('feed:1:x').toString('base64url'), Buffer.from('feed:-1:2').toString('base64url')]) {
      const answer = await hub.query(FEED, { cursor }, worker('LABOR'));
      expect([cursor, answer.errors?.[0]?.extensions?.code, answer.errors?.[0]?.message]).toEqual([cursor, 'BAD_USER_INPUT', 'cursor: is not a cursor of the change feed']);
    }
    expect((await hub.query(FEED, { first: 101 }, worker('LABOR'))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await hub.query(INBOX, { after: 'nope' }, worker('LABOR'))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await hub.query(INBOX, { first: 101 }, worker('LABOR'))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('feeds each recipient only its own events, in transaction order, resuming from a cursor', async () => {
    const feed = async (caller: Caller, cursor: string | null, limit = 100) => (await hub.query(FEED, { cursor, first: limit }, caller)).data!.changesSince as { cursor: string; hasMore: boolean; changes: { id: string; kind: string }[] };
    const health = worker('HEALTH');
    const whole = await feed(health, null);
    expect(whole.changes.map((c) => c.kind)).toEqual(['REFERRAL_SENT', 'RE_REPORT', 'CASE_OPENED']);
    const one = await feed(health, null, 1);
    expect(one.hasMore).toBe(true);
    const next = await feed(health, one.cursor, 100);
    expect([...one.changes, ...next.changes]).toEqual(whole.changes);
    expect(await feed(health, whole.cursor)).toEqual({ cursor: whole.cursor, hasMore: false, changes: [] });
    expect((await feed(worker('LABOR'), null)).changes.map((c) => c.kind)).toEqual(['REFERRAL_RECEIVED']);
    expect((await feed({ unit: 'NGO', sub: 'w-ngo-notify', org }, null)).changes.map((c) => c.kind)).toEqual(['REFERRAL_SENT', 'RE_REPORT', 'CASE_OPENED']);
    expect((await feed({ unit: 'NGO', sub: 'w-ngo-other', org: otherOrg }, null)).changes).toEqual([]);
    expect((await feed(worker('EDUCATION'), null)).changes).toEqual([]);
    // A district-bound worker sees only events about families of its districts.
    expect((await feed(worker('HEALTH', { districts: ['BEITUN'] }), null)).changes).toEqual([]);
    expect((await inbox(worker('HEALTH', { districts: ['BEITUN'] }))).totalCount).toBe(0);
    expect((await feed(worker('HEALTH', { districts: ['XITUN'] }), null)).changes).toHaveLength(3);
  });

  it('holds back an event whose transaction is still running, so a cursor never passes over it', async () => {
    const labor = worker('LABOR');
    const start = (await hub.query(FEED, {}, labor)).data!.changesSince.cursor as string;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let recorded!: () => void;
    const written = new Promise<void>((resolve) => (recorded = resolve));
    // The older transaction writes first and commits last.
    const older = prisma().$transaction(async (tx) => {
      await recordEvent(tx, { kind: 'ACTION_ITEM_DUE', familyId: family.familyId, record: { type: 'Case', id: family.caseIds[0]! }, recipients: { units: ['LABOR'] }, actor: { unit: 'SOCIAL', workerId: 'w-old' } });
      recorded();
      await held;
    }, { timeout: 20_000 });
    await written;
    await prisma().$transaction((tx) => recordEvent(tx, { kind: 'MEETING_INVITATION', familyId: family.familyId, record: { type: 'Case', id: family.caseIds[0]! }, recipients: { units: ['LABOR'] }, actor: { unit: 'SOCIAL', workerId: 'w-new' } }));
    const during = (await hub.query(FEED, { cursor: start }, labor)).data!.changesSince;
    expect(during.changes).toEqual([]);
    release();
    await older;
    const after = (await hub.query(FEED, { cursor: during.cursor }, labor)).data!.changesSince;
    expect(after.changes.map((c: { kind: string }) => c.kind)).toEqual(['ACTION_ITEM_DUE', 'MEETING_INVITATION']);
  });

  it('is not held back by a long transaction in another database of the same server', async () => {
    // Transaction ids are server-wide: a transaction running elsewhere (another hub, another test file) must not stop this feed.
    const elsewhere = new URL(hub.db.url);
    elsewhere.pathname = '/postgres';
    const other = new pg.Client({ connectionString: elsewhere.toString() });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      const labor = worker('LABOR');
      const start = (await hub.query(FEED, {}, labor)).data!.changesSince.cursor as string;
      await prisma().$transaction((tx) => recordEvent(tx, { kind: 'MEETING_INVITATION', familyId: family.familyId, record: { type: 'Case', id: family.caseIds[0]! }, recipients: { units: ['LABOR'] }, actor: { unit: 'SOCIAL', workerId: 'w-elsewhere' } }));
      const next = (await hub.query(FEED, { cursor: start }, labor)).data!.changesSince;
      expect(next.changes.map((c: { kind: string }) => c.kind)).toEqual(['MEETING_INVITATION']);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });

  it('refuses ANALYST and AUDITOR, at the gateway and at the core subgraph directly', async () => {
    for (const caller of [{ unit: 'SOCIAL', sub: 'w-analyst-n', roles: ['ANALYST'] }, { unit: 'SOCIAL', sub: 'w-auditor-n', roles: ['AUDITOR'], purpose: 'AUDIT' }] as Caller[]) {
      for (const [query, variables] of [[INBOX, {}], [FEED, {}], [MARK, { upTo: gid('Notification', 1) }]] as const) {
        expect([caller.sub, (await hub.query(query, variables, caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
        const direct = await askSubgraph(core, hub, caller, query, variables);
        expect([caller.sub, direct.errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      }
    }
    // Without a purpose of use, the caller is told to declare one.
    expect((await hub.query(INBOX, {}, worker('SOCIAL', { purpose: null }))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reads an inbox page and the feed in a fixed number of statements, however many notifications', async () => {
    const statements = async (query: string, variables: Record<string, unknown>) => {
      const seen: string[] = [];
      const stop = onStatement((sql) => seen.push(sql));
      const answer = await hub.query(query, variables, worker('EDUCATION'));
      stop();
      expect(answer.errors).toBeUndefined();
      return seen.length;
    };
    const few = [await statements(INBOX, { first: 100 }), await statements(FEED, {})];
    await prisma().$transaction(async (tx) => {
      for (let i = 0; i < 60; i++) {
        await recordEvent(tx, { kind: 'ACTION_ITEM_DUE', familyId: family.familyId, record: { type: 'Case', id: family.caseIds[0]! }, recipients: { units: ['EDUCATION'] }, actor: { unit: 'SOCIAL', workerId: 'w-many' } });
      }
    });
    expect([await statements(INBOX, { first: 100 }), await statements(FEED, {})]).toEqual(few);
    expect(few[0]).toBeLessThanOrEqual(3);
    expect(few[1]).toBeLessThanOrEqual(2);
  });
});
