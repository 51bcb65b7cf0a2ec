// Webhooks (issue 15): registered by a unit's or an NGO's supervisor, the
// secret shown once and stored encrypted; each event addressed to the
// subscriber is POSTed by the job queue (graphile-worker) to a receiver
// started here, signed (HMAC-SHA256 over timestamp.body) with an idempotency
// key; a failing receiver gets retries with backoff, then a dead letter.
// SSRF-ish URLs are refused, plain http everywhere in production.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import { prisma } from '../../src/db/prisma.ts';
import { recordComingReleases } from '../../src/notifications/release-coming.ts';
import { deliverWebhook } from '../../src/notifications/deliver.ts';
import { deliverySettings } from '../../src/notifications/settings.ts';
import { decryptSecret, encryptSecret, newWebhookSecret, verifyDelivery } from '../../src/notifications/webhook-secret.ts';
import { webhookUrlProblem } from '../../src/notifications/webhook-url.ts';
import { startNotificationWorker, type NotificationWorker } from '../../src/notifications/worker.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, day, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const REGISTER = `mutation ($url: String!) { registerWebhook(url: $url) { ok error { code message } inputErrors { field reason } registration { secret webhook { id url unit organizationId createdBy } } } }`;
const REMOVE = `mutation ($id: ID!) { removeWebhook(id: $id) { ok error { code message } webhook { id removedAt } } }`;
const DELIVERIES = `query ($status: WebhookDeliveryStatus) { webhookDeliveries(status: $status) { totalCount deliveries { id notificationId status attempts lastStatus lastError deadAt deliveredAt } } }`;
const WEBHOOKS = `{ webhooks { id url } }`;
const REFER = `mutation ($in: CreateReferralInput!) { createReferral(input: $in) { ok error { code message } referral { id } } }`;

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

const supervisor = (unit: Caller['unit'], extra: Partial<Caller> = {}): Caller => ({ unit, sub: `w-${unit.toLowerCase()}-sup`, roles: ['SUPERVISOR'], ...extra });

async function until<T>(check: () => Promise<T | undefined | null | false>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhooks', () => {
  let hub: TestHub;
  let core: HubServer;
  let worker: NotificationWorker;
  let receiver: Server;
  let base: string;
  const received: Received[] = [];
  let family: BuiltFamily;
  let org: number;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { HUB_WEBHOOK_BACKOFF_MS: '100', HUB_WEBHOOK_MAX_ATTEMPTS: '3', HUB_WEBHOOK_TIMEOUT_MS: '2000' });
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
        if (request.url?.startsWith('/slow')) return; // never answers
        response.statusCode = request.url?.startsWith('/fail') ? 500 : 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    worker = await startNotificationWorker(hub.db.url, { cron: false });
    family = (await buildFamilies(1, { members: 3, openCases: 2, contactsPerCase: 0, referrals: 0 }))[0]!;
    org = (await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    await prisma().assignment.create({ data: { caseId: family.caseIds[0]!, organizationId: org, startDate: day('2023-02-01') } });
  });
  afterAll(async () => {
    await worker.stop();
    await new Promise((resolve) => receiver.close(resolve));
    await core.stop();
    await hub.stop();
    process.env = saved;
  });

  const register = (caller: Caller, url: string) => hub.query(REGISTER, { url }, caller);

  it('is registered only by supervisors, with https (or http to this machine in development and test)', async () => {
    for (const roles of [['CASEWORKER'], ['ADMIN'], ['ANALYST'], ['AUDITOR']] as const) {
      const caller = supervisor('LABOR', { roles: [...roles], sub: `w-labor-${roles[0]}`, purpose: roles[0] === 'AUDITOR' ? 'AUDIT' : 'CASE_WORK' });
      expect([roles[0], (await register(caller, `${base}/ok`)).errors?.[0]?.extensions?.code]).toEqual([roles[0], 'FORBIDDEN']);
      const direct = await askSubgraph(core, hub, caller, REGISTER, { url: `${base}/ok` });
      expect([roles[0], direct.errors?.[0]?.extensions?.code]).toEqual([roles[0], 'FORBIDDEN']);
    }
    for (const url of ['ftp://example.org/hook', 'http://example.org/hook', 'https://169.254.169.254/latest', 'https://10.1.2.3/hook', 'https://user:pw@example.org/', 'not a url', 'https://[fd00::1]/x', 'https://example.org:22/']) {
      const answer = (await register(supervisor('LABOR'), url)).data!.registerWebhook;
      expect([url, answer.error?.code, answer.inputErrors[0]?.field]).toEqual([url, 'BAD_USER_INPUT', 'url']);
    }
    expect(await prisma().webhook.count()).toBe(0);
  });

  it('refuses plain http and this machine in production, however the URL is written', () => {
    const production = { NODE_ENV: 'production' };
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'https://localhost/hook', 'https://127.0.0.1/hook', 'https://[::1]/hook', 'https://hooks.localhost/x', 'https://192.168.1.5/x', 'https://0.0.0.0/x']) {
      expect([url, webhookUrlProblem(url, production)]).toEqual([url, expect.any(String)]);
    }
    expect(webhookUrlProblem('https://hooks.example.org/safety-net', production)).toBeNull();
    expect(webhookUrlProblem('https://hooks.example.org:8443/safety-net', production)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', { NODE_ENV: 'test' })).toBeNull();
  });

  it('delivers each event addressed to the subscriber, signed, with an idempotency key, ids and kinds only', async () => {
    const registered = (await register(supervisor('LABOR'), `${base}/ok/labor`)).data!.registerWebhook;
    expect(registered.ok).toBe(true);
    const secret = registered.registration.secret as string;
    expect(secret).toMatch(/^whsec_/);
    // Stored encrypted: the table does not hold the secret.
    const stored = await prisma().webhook.findFirstOrThrow({ where: { unitCode: 'LABOR' } });
    expect(stored.secretEncrypted).not.toContain(secret.slice(6));
    expect(decryptSecret(stored.secretEncrypted)).toBe(secret);
    // Listed to its unit's supervisors only, without the secret.
    expect((await hub.query(WEBHOOKS, {}, supervisor('LABOR'))).data!.webhooks).toEqual([{ id: registered.registration.webhook.id, url: `${base}/ok/labor` }]);
    expect((await hub.query(WEBHOOKS, {}, supervisor('HEALTH'))).data!.webhooks).toEqual([]);

    const sent = await hub.query(REFER, { in: { personId: gid('Person', family.personIds[0]!), toUnit: 'LABOR', reason: '需要就業服務' } }, { unit: 'SOCIAL', sub: 'w-social-hook' });
    expect(sent.data!.createReferral.ok).toBe(true);
    const delivery = await until(async () => received.find((r) => r.path === '/ok/labor'), 'the delivery');
    const timestamp = String(delivery.headers['x-hub-timestamp']);
    expect(verifyDelivery(secret, timestamp, delivery.body, String(delivery.headers['x-hub-signature']))).toBe(true);
    expect(verifyDelivery('whsec_wrong', timestamp, delivery.body, String(delivery.headers['x-hub-signature']))).toBe(false);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const body = JSON.parse(delivery.body);
    expect(Object.keys(body).sort()).toEqual(['familyId', 'id', 'kind', 'occurredAt', 'record']);
    expect(body).toMatchObject({ kind: 'REFERRAL_RECEIVED', record: { type: 'Referral', id: sent.data!.createReferral.referral.id }, familyId: gid('Family', family.familyId) });
    const event = await prisma().notificationEvent.findFirstOrThrow({ where: { kind: 'REFERRAL_RECEIVED' } });
    expect(delivery.headers['idempotency-key']).toBe(`notification-${event.id}-webhook-${stored.id}`);
    expect(body.id).toBe(gid('Notification', Number(event.id)));
    const listed = (await hub.query(DELIVERIES, {}, supervisor('LABOR'))).data!.webhookDeliveries;
    await until(async () => (await prisma().webhookDelivery.findFirst({ where: { status: 'DELIVERED' } })) !== null, 'the delivered mark');
    expect(listed.totalCount).toBe(1);
    expect((await hub.query(DELIVERIES, {}, supervisor('HEALTH'))).data!.webhookDeliveries.totalCount).toBe(0);
  });

  it('retries a failing receiver with backoff, then records a dead letter its subscriber lists', async () => {
    const registered = (await register(supervisor('NGO', { org }), `${base}/fail/ngo`)).data!.registerWebhook;
    expect(registered.registration.webhook).toMatchObject({ unit: null, organizationId: gid('Organization', org) });
    const sent = await hub.query(REFER, { in: { personId: gid('Person', family.personIds[1]!), toUnit: 'EDUCATION', reason: '學生中輟追蹤' } }, { unit: 'SOCIAL', sub: 'w-social-hook' });
    expect(sent.data!.createReferral.ok).toBe(true);
    const dead = await until(async () => {
      const answer = (await hub.query(DELIVERIES, { status: 'DEAD' }, supervisor('NGO', { org }))).data!.webhookDeliveries;
      return answer.totalCount === 1 ? answer.deliveries[0] : null;
    }, 'the dead letter');
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 3, lastStatus: 500, lastError: 'answered HTTP 500' });
    const attempts = received.filter((r) => r.path === '/fail/ngo');
    expect(attempts.map((a) => a.headers['x-hub-attempt'])).toEqual(['1', '2', '3']);
    // The same idempotency key on every attempt; the second wait about twice the first.
    expect(new Set(attempts.map((a) => a.headers['idempotency-key'])).size).toBe(1);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(90);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(180);
    // Another subscriber sees no dead letter of it.
    expect((await hub.query(DELIVERIES, { status: 'DEAD' }, supervisor('LABOR'))).data!.webhookDeliveries.totalCount).toBe(0);
  });

  it('gives up on a receiver that does not answer within the delivery timeout', async () => {
    const client = new pg.Client({ connectionString: hub.db.url });
    await client.connect();
    try {
      const { rows: [webhook] } = await client.query<{ id: number }>(
        `INSERT INTO core.webhook (unit_code, url, secret_encrypted, created_by) VALUES ('POLICE', $1, $2, 'w-police-sup') RETURNING id`,
        [`${base}/slow`, encryptSecret(newWebhookSecret())],
      );
      const { rows: [event] } = await client.query<{ id: string }>(
        `INSERT INTO core.notification_event (kind, record_type, record_id, actor_unit, actor_worker) VALUES ('ACTION_ITEM_DUE', 'Case', 1, 'SOCIAL', 'w-x') RETURNING id`,
      );
      const { rows: [delivery] } = await client.query<{ id: string }>(`INSERT INTO core.webhook_delivery (event_id, webhook_id) VALUES ($1, $2) RETURNING id`, [event!.id, webhook!.id]);
      const started = Date.now();
      await deliverWebhook({ deliveryId: Number(delivery!.id) }, { query: (text: string, values?: unknown[]) => client.query(text, values) } as never, {
        ...deliverySettings(), timeoutMs: 300, maxAttempts: 1,
      });
      expect(Date.now() - started).toBeLessThan(2000);
      const { rows: [after] } = await client.query(`SELECT status, attempts, last_error FROM core.webhook_delivery WHERE id = $1`, [delivery!.id]);
      expect(after).toEqual({ status: 'DEAD', attempts: 1, last_error: 'no answer within 300 ms' });
    } finally {
      await client.end();
    }
  });

  it('is removed only by its own subscriber; another answers not found', async () => {
    const id = (await prisma().webhook.findFirstOrThrow({ where: { unitCode: 'LABOR' } })).id;
    for (const unit of UNIT_CODES.filter((u) => u !== 'LABOR' && u !== 'NGO')) {
      expect([unit, (await hub.query(REMOVE, { id: gid('Webhook', id) }, supervisor(unit))).data!.removeWebhook.error]).toEqual([unit, { code: 'NOT_FOUND', message: 'id: no such webhook' }]);
    }
    expect((await hub.query(REMOVE, { id: gid('Webhook', id) }, supervisor('NGO', { org }))).data!.removeWebhook.error.code).toBe('NOT_FOUND');
    expect((await hub.query(REMOVE, { id: gid('Case', id) }, supervisor('LABOR'))).data!.removeWebhook.error.code).toBe('BAD_USER_INPUT');
    expect((await hub.query(REMOVE, { id: gid('Webhook', id) }, supervisor('LABOR', { roles: ['CASEWORKER'] }))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(REMOVE, { id: gid('Webhook', id) }, supervisor('LABOR'))).data!.removeWebhook.ok).toBe(true);
    expect((await hub.query(REMOVE, { id: gid('Webhook', id) }, supervisor('LABOR'))).data!.removeWebhook.error.code).toBe('NOT_FOUND');
    expect((await hub.query(WEBHOOKS, {}, supervisor('LABOR'))).data!.webhooks).toEqual([]);
  });

  it('records a coming release once, for the units and organisations serving the family', async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000);
    const client = new pg.Client({ connectionString: hub.db.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO probation.transition (source_key, person_id, kind, started_on, release_on, invited_units, source_updated_at, synced_at)
         VALUES ('T-1', $1, 'PRISON_RELEASE', '2023-01-01', $2, '{}', now(), now()), ('T-2', $1, 'HOSPITAL_RELEASE', '2023-01-01', $3, '{}', now(), now())`,
        [family.personIds[0], soon.toISOString().slice(0, 10), '2023-05-01'],
      );
    } finally {
      await client.end();
    }
    expect(await recordComingReleases()).toBe(1);
    expect(await recordComingReleases()).toBe(0);
    const event = await prisma().notificationEvent.findFirstOrThrow({ where: { kind: 'RELEASE_COMING' } });
    const recipients = await prisma().notificationRecipient.findMany({ where: { eventId: event.id }, orderBy: { id: 'asc' } });
    expect(recipients.map((r) => r.unitCode ?? r.organizationId)).toEqual(expect.arrayContaining(['SOCIAL', 'HEALTH', org]));
    expect(event).toMatchObject({ recordType: 'Person', recordId: family.personIds[0], familyId: family.familyId });
  });
});
