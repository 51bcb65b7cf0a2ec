// Idempotency keys: a mutation retried with the same Idempotency-Key by the
// same subject runs once and gets the first answer again; anything that could
// run it twice is refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import type { Caller } from '../support/test-auth.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import { SOCIAL_WORKER, startTestHub, type TestHub } from '../support/test-hub.ts';

const CREATE_REFERRAL = 'mutation ($input: CreateReferralInput!) { createReferral(input: $input) { ok error { code message } referral { id status requestedBy } } }';
const OTHER_SOCIAL_WORKER: Caller = { unit: 'SOCIAL', sub: 'w-social-other' };

describe('Idempotency-Key on mutations', () => {
  let hub: TestHub;
  let family: BuiltFamily;

  beforeAll(async () => {
    hub = await startTestHub();
    family = (await buildFamilies(1, { members: 3, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
  });
  afterAll(() => hub.stop());

  const referral = (reason = '父親失業，需要就業服務', member = 1) => ({ query: CREATE_REFERRAL, variables: { input: { personId: gid('Person', family.personIds[member]!), toUnit: 'LABOR', reason } } });
  // A unit's second open referral of a person to the same receiver is refused as a repeat (test/graph/repeated-requests.test.ts):
  // each test starts with none open, so that what it counts is the keys' doing.
  beforeEach(async () => {
    await prisma().referral.updateMany({ where: { status: { in: ['PENDING', 'ACCEPTED'] } }, data: { status: 'CLOSED', closedAt: new Date(), closedBy: 'w-test-reset' } });
  });
  const send = async (body: unknown, key: string | undefined, caller: Caller = SOCIAL_WORKER) => {
    const response = await hub.post(body, { ...(await hub.auth.headers(caller)), ...(key !== undefined && { 'idempotency-key': key }) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const referrals = () => prisma().referral.count();
  const sql = (text: string, ...values: unknown[]) => prisma().$executeRawUnsafe(text, ...values);

  it('runs a retried mutation once and answers the retry with the first answer', async () => {
    const before = await referrals();
    const firstAnswer = await send(referral(), 'retry-1');
    const retry = await send(referral(), 'retry-1');
    expect(firstAnswer.status).toBe(200);
    expect(JSON.parse(firstAnswer.text).data.createReferral).toMatchObject({ ok: true, referral: { status: 'PENDING', requestedBy: SOCIAL_WORKER.sub } });
    expect(retry).toMatchObject({ status: 200, text: firstAnswer.text });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(firstAnswer.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.headers.get('content-type')).toBe(firstAnswer.headers.get('content-type'));
    expect(await referrals()).toBe(before + 1);
  });

  it('keeps keys per token subject: another subject with the same key runs its own', async () => {
    const before = await referrals();
    const mine = await send(referral(), 'shared-key');
    const theirs = await send(referral(undefined, 2), 'shared-key', OTHER_SOCIAL_WORKER);
    expect(await referrals()).toBe(before + 2);
    expect(JSON.parse(theirs.text).data.createReferral.referral.requestedBy).toBe(OTHER_SOCIAL_WORKER.sub);
    expect(JSON.parse(theirs.text).data.createReferral.referral.id).not.toBe(JSON.parse(mine.text).data.createReferral.referral.id);
  });

  it('refuses the same key with a different request, naming the header', async () => {
    await send(referral(), 'changed-body');
    const before = await referrals();
    const refused = await send(referral('另一個理由'), 'changed-body');
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.text)).toEqual({
      errors: [{ message: 'This Idempotency-Key was sent before with a different request; send a new key for a new request', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(await referrals()).toBe(before);
  });

  it('runs concurrent duplicates once: the others wait (409, Retry-After) or get the same answer', async () => {
    const before = await referrals();
    const answers = await Promise.all([1, 2, 3].map(() => send(referral(), 'concurrent')));
    expect(await referrals()).toBe(before + 1);
    const ran = answers.filter((a) => a.status === 200 && !a.headers.get('idempotent-replayed'));
    expect(ran).toHaveLength(1);
    for (const answer of answers.filter((a) => a !== ran[0])) {
      if (answer.status === 200) expect(answer.text).toBe(ran[0]!.text);
      else {
        expect(answer.status).toBe(409);
        expect(answer.headers.get('retry-after')).toBe('5');
        expect(JSON.parse(answer.text).errors[0]).toMatchObject({ message: expect.stringMatching(/still running/), extensions: { code: 'CONFLICT' } });
      }
    }
  });

  it('answers 409 and never runs again when an unfinished claim is older than the running timeout', async () => {
    await send(referral(), 'crashed');
    // As if the hub had stopped between the write's commit and storing its answer.
    await sql(`UPDATE gateway.idempotency_key SET finished_at = NULL, status = NULL, content_type = NULL, response = NULL WHERE key = 'crashed'`);
    const before = await referrals();
    const running = await send(referral(), 'crashed');
    expect(running.status).toBe(409);
    expect(running.headers.get('retry-after')).toBe('5');
    await sql(`UPDATE gateway.idempotency_key SET claimed_at = now() - interval '11 minutes' WHERE key = 'crashed'`);
    const unknown = await send(referral(), 'crashed');
    expect(unknown.status).toBe(409);
    expect(unknown.headers.get('retry-after')).toBeNull();
    expect(JSON.parse(unknown.text).errors[0]).toEqual({
      message: 'A request with this Idempotency-Key started over 10 minutes ago and its outcome is unknown: check whether the change was made before sending it again with a new key',
      extensions: { code: 'CONFLICT' },
    });
    expect(await referrals()).toBe(before);
  });

  it('lets a key be used again once its 24 hours are over', async () => {
    await send(referral(), 'old-key');
    await sql(`UPDATE gateway.idempotency_key SET expires_at = now() - interval '1 second' WHERE key = 'old-key'`);
    // Handled meanwhile: the same referral again is a new one, not a repeat of an open one.
    await sql(`UPDATE core.referral SET status = 'CLOSED', closed_at = now(), closed_by = 'w-test-reset' WHERE status = 'PENDING'`);
    const before = await referrals();
    const again = await send(referral(), 'old-key');
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await referrals()).toBe(before + 1);
    const expiresIn = await prisma().$queryRawUnsafe<{ hours: number }[]>(`SELECT extract(epoch FROM expires_at - claimed_at) / 3600 AS hours FROM gateway.idempotency_key WHERE key = 'old-key'`);
    expect(Number(expiresIn[0]!.hours)).toBeCloseTo(24);
  });

  it('releases the key when the request was refused before running, so the corrected request may use it', async () => {
    const before = await referrals();
    const noPurpose = await send(referral(), 'fixed-later', { ...SOCIAL_WORKER, purpose: null });
    expect(noPurpose.status).toBeGreaterThanOrEqual(400);
    expect(noPurpose.status).toBeLessThan(500);
    expect(await referrals()).toBe(before);
    const count = await prisma().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM gateway.idempotency_key WHERE key = 'fixed-later'`);
    expect(count[0]!.n).toBe(0);
    expect((await send(referral(), 'fixed-later')).status).toBe(200);
    expect(await referrals()).toBe(before + 1);
  });

  it('refuses a malformed key with 400 naming the header, running nothing', async () => {
    const before = await referrals();
    for (const key of ['has space', 'ü', 'x'.repeat(101), '']) {
      const refused = await send(referral(), key);
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.text)).toEqual({
        errors: [{ message: 'The Idempotency-Key header must be 1 to 100 characters of A-Z, a-z, 0-9, "_" and "-"', extensions: { code: 'BAD_USER_INPUT' } }],
      });
    }
    expect(await referrals()).toBe(before);
  });

  it('leaves queries alone: each runs, nothing is kept, a malformed key is ignored', async () => {
    const query = { query: '{ __typename }' };
    for (const key of ['query-key', 'query-key', 'not a key!']) {
      const answer = await send(query, key);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('idempotent-replayed')).toBeNull();
    }
    const count = await prisma().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM gateway.idempotency_key WHERE key = 'query-key'`);
    expect(count[0]!.n).toBe(0);
  });

  it('keeps the answer out of the log', () => {
    expect(hub.logLines.join('\n')).not.toMatch(/父親失業|createReferral/);
  });
});
