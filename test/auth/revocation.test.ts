// Token revocation: a revoked subject, token (jti), unit or organisation is
// refused with 401 exactly like a forged token, at the gateway and at a
// subgraph called directly; lifting lets it back in; another replica sees a
// change within its refresh interval; a list that cannot be read refuses
// rather than accepts. Only ADMINs manage the list, and every change is audited.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Identity } from '../../src/auth/identity.ts';
import { DEV_KEY_ID, ensureDevKeys } from '../../src/auth/keys.ts';
import { mintDevToken } from '../../src/auth/mint-token.ts';
import { loadActiveRevocations, RevocationCache, revocationRefreshSecondsFrom, type ActiveRevocation } from '../../src/auth/revocation.ts';
import { verifyToken } from '../../src/auth/verify-token.ts';
import { prisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const REFRESH_SECONDS = 0.25;
const ADMIN: Caller = { unit: 'SOCIAL', sub: 'w-admin', roles: ['ADMIN'] };
const PAYLOAD = 'ok error { code message } inputErrors { field reason } revocation { kind value active revokedBy liftedBy liftReason }';
const REVOKE = `mutation Revoke($kind: RevocationKind!, $value: String!, $reason: String!) { revokeAccess(kind: $kind, value: $value, reason: $reason) { ${PAYLOAD} } }`;
const LIFT = `mutation Lift($kind: RevocationKind!, $value: String!, $reason: String!) { liftRevocation(kind: $kind, value: $value, reason: $reason) { ${PAYLOAD} } }`;
const LIST = 'query List($activeOnly: Boolean) { revocations(activeOnly: $activeOnly) { kind value active reason liftReason } }';
/** Any request a valid token may make: reference data, no purpose needed. */
const PROBE = '{ networkUnits { code } }';
/** The same for an agency subgraph, which has no reference data of its own. */
const SERVICE_PROBE = '{ _service { sdl } }';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('token revocation', () => {
  let hub: TestHub;
  let core: HubServer;
  let household: HubServer;
  let sql: pg.Client;
  let orgId: number;
  let otherOrgId: number;
  const savedEnv = { refresh: process.env.HUB_REVOCATION_REFRESH_SECONDS, lock: process.env.HUB_LOCK_TIMEOUT_MS };

  beforeAll(async () => {
    // Short enough to watch a refresh happen; the lock bound makes an unreadable list fail fast.
    process.env.HUB_REVOCATION_REFRESH_SECONDS = String(REFRESH_SECONDS);
    process.env.HUB_LOCK_TIMEOUT_MS = '700';
    hub = await startTestHub();
    const subgraph = (name: string) => startSubgraphServer({ subgraph: allSubgraphs().find((s) => s.name === name)!, auth: hub.auth.settings, port: 0, log: () => undefined });
    [core, household] = await Promise.all([subgraph('core'), subgraph('household-registration')]);
    sql = new pg.Client({ connectionString: hub.db.url });
    await sql.connect();
    orgId = (await prisma().organization.create({ data: { name: '測試基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    otherOrgId = (await prisma().organization.create({ data: { name: '另一協會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
  });
  afterAll(async () => {
    await sql.end();
    await Promise.all([core.stop(), household.stop()]);
    await hub.stop();
    for (const [name, value] of [['HUB_REVOCATION_REFRESH_SECONDS', savedEnv.refresh], ['HUB_LOCK_TIMEOUT_MS', savedEnv.lock]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const revoke = (kind: string, value: string, reason = '離職', caller: Caller = ADMIN) => hub.query(REVOKE, { kind, value, reason }, caller);
  const lift = (kind: string, value: string, reason = '誤停權', caller: Caller = ADMIN) => hub.query(LIFT, { kind, value, reason }, caller);

  /** Sends PROBE with the token to the gateway, or `query` to a subgraph directly. */
  const probe = async (token: string, url = hub.server.url, query = PROBE) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, challenge: response.headers.get('www-authenticate'), body: (await response.json()) as unknown };
  };
  const statusEverywhere = async (token: string) => [(await probe(token)).status, (await probe(token, core.url)).status, (await probe(token, household.url, SERVICE_PROBE)).status];
  const forgedAnswer = async () => probe(await hub.auth.token({ unit: 'SOCIAL', sub: 'w-forger' }, { audience: 'another-service' }));

  it('refuses a revoked subject at the gateway and at subgraphs called directly, exactly as a forged token, until lifted', async () => {
    const leaver: Caller = { unit: 'SOCIAL', sub: 'w-leaver' };
    const colleague: Caller = { unit: 'SOCIAL', sub: 'w-colleague' };
    const token = await hub.auth.token(leaver);
    expect(await statusEverywhere(token)).toEqual([200, 200, 200]);

    const revoked = await revoke('SUBJECT', leaver.sub);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeAccess).toEqual({
      ok: true, error: null, inputErrors: [],
      revocation: { kind: 'SUBJECT', value: leaver.sub, active: true, revokedBy: ADMIN.sub, liftedBy: null, liftReason: null },
    });

    const forged = await forgedAnswer();
    expect(forged.status).toBe(401);
    expect(await probe(token)).toEqual(forged);
    expect(await probe(token, core.url)).toEqual(forged);
    expect(await probe(token, household.url, SERVICE_PROBE)).toEqual(forged);
    expect(forged).toMatchObject({ challenge: 'Bearer error="invalid_token"', body: { errors: [{ message: 'the token was refused', extensions: { code: 'UNAUTHENTICATED' } }] } });
    // A new token of the same worker is refused too; another worker is not.
    expect(await statusEverywhere(await hub.auth.token(leaver))).toEqual([401, 401, 401]);
    expect(await statusEverywhere(await hub.auth.token(colleague))).toEqual([200, 200, 200]);

    const lifted = await lift('SUBJECT', leaver.sub, '復職');
    expect(lifted.data!.liftRevocation).toMatchObject({ ok: true, revocation: { active: false, liftedBy: ADMIN.sub, liftReason: '復職' } });
    expect(await statusEverywhere(token)).toEqual([200, 200, 200]);
  });

  it('refuses one revoked token (jti) while another token of the same worker still works', async () => {
    const worker: Caller = { unit: 'HEALTH', sub: 'w-laptop-stolen' };
    const stolen = await hub.auth.token(worker, { jti: 'jti-stolen-laptop' });
    const phone = await hub.auth.token(worker, { jti: 'jti-phone' });
    const withoutId = await hub.auth.token(worker);
    expect((await revoke('TOKEN', 'jti-stolen-laptop', '筆電遺失')).data!.revokeAccess.ok).toBe(true);
    expect(await statusEverywhere(stolen)).toEqual([401, 401, 401]);
    expect(await statusEverywhere(phone)).toEqual([200, 200, 200]);
    expect(await statusEverywhere(withoutId)).toEqual([200, 200, 200]);
    expect((await lift('TOKEN', 'jti-stolen-laptop', '已尋回')).data!.liftRevocation.ok).toBe(true);
    expect(await statusEverywhere(stolen)).toEqual([200, 200, 200]);
    // A token id that could never be matched is no token id: refused.
    expect((await probe(await hub.auth.token(worker, { jti: '' }))).status).toBe(401);
  });

  it('gives every development token an id of its own', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-revocation-keys-'));
    const options = { dataDir, issuer: 'dev-issuer', audience: 'dev-audience', ttlSeconds: 60 };
    const identity: Identity = { sub: 'w-dev', unit: 'SOCIAL', org: null, districts: [], roles: ['CASEWORKER'], purpose: null };
    const { publicKey } = await ensureDevKeys(dataDir);
    const settings = { issuer: options.issuer, audience: options.audience, keys: publicKey, keyId: DEV_KEY_ID, development: true };
    try {
      const first = await verifyToken(await mintDevToken(identity, options), settings);
      const second = await verifyToken(await mintDevToken(identity, options), settings);
      expect(first.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.jti).not.toBe(first.jti);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses every token of a deactivated unit and of a deactivated organisation, and lets them in once lifted', async () => {
    const labor = await hub.auth.token({ unit: 'LABOR', sub: 'w-labor-1' });
    const social = await hub.auth.token({ unit: 'SOCIAL', sub: 'w-social-1' });
    const ngo = await hub.auth.token({ unit: 'NGO', org: orgId, sub: 'w-ngo-1' });
    const otherNgo = await hub.auth.token({ unit: 'NGO', org: otherOrgId, sub: 'w-ngo-2' });

    expect((await revoke('UNIT', 'LABOR', '系統帳號外洩')).data!.revokeAccess.ok).toBe(true);
    expect((await revoke('ORG', String(orgId), '契約終止')).data!.revokeAccess.ok).toBe(true);
    expect(await statusEverywhere(labor)).toEqual([401, 401, 401]);
    expect(await statusEverywhere(ngo)).toEqual([401, 401, 401]);
    expect(await statusEverywhere(social)).toEqual([200, 200, 200]);
    expect(await statusEverywhere(otherNgo)).toEqual([200, 200, 200]);

    const active = await hub.query(LIST, {}, ADMIN);
    expect(active.errors).toBeUndefined();
    expect(active.data!.revocations).toEqual([
      { kind: 'ORG', value: String(orgId), active: true, reason: '契約終止', liftReason: null },
      { kind: 'UNIT', value: 'LABOR', active: true, reason: '系統帳號外洩', liftReason: null },
    ]);

    expect((await lift('UNIT', 'LABOR', '已重設')).data!.liftRevocation.ok).toBe(true);
    expect((await lift('ORG', String(orgId), '續約')).data!.liftRevocation.ok).toBe(true);
    expect(await statusEverywhere(labor)).toEqual([200, 200, 200]);
    expect(await statusEverywhere(ngo)).toEqual([200, 200, 200]);
    expect((await hub.query(LIST, {}, ADMIN)).data!.revocations).toEqual([]);
    const history = (await hub.query(LIST, { activeOnly: false }, ADMIN)).data!.revocations as { kind: string; active: boolean }[];
    expect(history.length).toBeGreaterThanOrEqual(4);
    expect(history.every((r) => !r.active)).toBe(true);
  });

  it('sees a revocation another replica wrote once its refresh interval has passed', async () => {
    const worker: Caller = { unit: 'EDUCATION', sub: 'w-revoked-elsewhere' };
    const token = await hub.auth.token(worker);
    expect((await probe(token)).status).toBe(200);
    // Another hub's ADMIN wrote it: this process was not told.
    await sql.query(`INSERT INTO core.revocation (kind, value, reason, revoked_by) VALUES ('SUBJECT', $1, '他處停權', 'w-admin-2')`, [worker.sub]);
    await sleep(REFRESH_SECONDS * 1000 + 100);
    expect(await statusEverywhere(token)).toEqual([401, 401, 401]);
    await sql.query(`UPDATE core.revocation SET lifted_at = now(), lifted_by = 'w-admin-2', lift_reason = '恢復' WHERE value = $1`, [worker.sub]);
    await sleep(REFRESH_SECONDS * 1000 + 100);
    expect(await statusEverywhere(token)).toEqual([200, 200, 200]);
  });

  it('refuses (503, never accepts) when the list cannot be read and its copy is older than twice the interval', async () => {
    const token = await hub.auth.token({ unit: 'SOCIAL', sub: 'w-during-outage' });
    expect((await probe(token)).status).toBe(200);
    const locker = new pg.Client({ connectionString: hub.db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE core.revocation IN ACCESS EXCLUSIVE MODE');
      await sleep(2 * REFRESH_SECONDS * 1000 + 100);
      const refused = await probe(token);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      expect(JSON.stringify(refused.body)).not.toMatch(/revocation|lock|timeout/i);
      // The client is told nothing; the log says why.
      expect(hub.logLines.join('\n')).toMatch(/revocation list could not be read/);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    expect((await probe(token)).status).toBe(200);
  });

  describe('input', () => {
    it.each([
      ['an unknown unit code', 'UNIT', 'NOT_A_UNIT', '停權', 'value'],
      ['an organisation that is not a number', 'ORG', 'twelve', '停權', 'value'],
      ['an organisation number with a leading zero', 'ORG', '012', '停權', 'value'],
      ['an empty subject', 'SUBJECT', '', '停權', 'value'],
      ['a subject with a leading space', 'SUBJECT', ' w-padded', '停權', 'value'],
      ['a token id with a control character', 'TOKEN', 'a\u0000b', '停權', 'value'],
      ['a blank reason', 'SUBJECT', 'w-someone', '   ', 'reason'],
      ['a reason over 2000 characters', 'SUBJECT', 'w-someone', 'x'.repeat(2001), 'reason'],
    ])('refuses %s as BAD_USER_INPUT naming the field', async (_label, kind, value, reason, field) => {
      for (const operation of [REVOKE, LIFT]) {
        const response = await hub.query(operation, { kind, value, reason }, ADMIN);
        const payload = Object.values(response.data!)[0] as { ok: boolean; error: { code: string; message: string }; inputErrors: { field: string }[] };
        expect(payload.ok).toBe(false);
        expect(payload.error.code).toBe('BAD_USER_INPUT');
        expect(payload.error.message).toMatch(new RegExp(`^${field}: `));
        expect(payload.inputErrors.map((e) => e.field)).toEqual([field]);
      }
    });

    it('refuses an unknown kind before anything runs', async () => {
      const response = await hub.query(REVOKE, { kind: 'PERSON', value: 'w-x', reason: '停權' }, ADMIN);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toMatch(/\$kind/);
    });

    it('refuses an unknown organisation, a second active entry, lifting what is not revoked, and an ADMIN revoking itself', async () => {
      const unknownOrg = (await revoke('ORG', '999999')).data!.revokeAccess;
      expect(unknownOrg).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' }, inputErrors: [{ field: 'value', reason: 'no such organisation' }] });

      expect((await revoke('SUBJECT', 'w-twice')).data!.revokeAccess.ok).toBe(true);
      expect((await revoke('SUBJECT', 'w-twice')).data!.revokeAccess).toMatchObject({ ok: false, inputErrors: [{ field: 'value', reason: 'is already revoked' }] });
      expect((await lift('SUBJECT', 'w-twice')).data!.liftRevocation.ok).toBe(true);
      expect((await lift('SUBJECT', 'w-twice')).data!.liftRevocation).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' }, inputErrors: [{ field: 'value' }] });
      // Revoked again after lifting: a new entry, the old one kept as history.
      expect((await revoke('SUBJECT', 'w-twice')).data!.revokeAccess.ok).toBe(true);
      expect((await sql.query(`SELECT count(*)::int AS n FROM core.revocation WHERE value = 'w-twice'`)).rows[0].n).toBe(2);
      expect((await lift('SUBJECT', 'w-twice')).data!.liftRevocation.ok).toBe(true);

      expect((await revoke('SUBJECT', ADMIN.sub)).data!.revokeAccess).toMatchObject({ ok: false, inputErrors: [{ field: 'value', reason: 'would revoke your own access' }] });
      expect((await revoke('UNIT', ADMIN.unit)).data!.revokeAccess).toMatchObject({ ok: false, inputErrors: [{ field: 'value', reason: 'would revoke your own access' }] });
      expect((await probe(await hub.auth.token(ADMIN))).status).toBe(200);
    });
  });

  describe('audit', () => {
    it('leaves a WRITE entry naming the revocation for each change, in the same transaction', async () => {
      await revoke('SUBJECT', 'w-audited', '調查中');
      const { id: revokedId } = (await sql.query(`SELECT id FROM core.revocation WHERE value = 'w-audited' AND lifted_at IS NULL`)).rows[0];
      await lift('SUBJECT', 'w-audited', '調查結束');
      const entries = (await sql.query(`SELECT kind, operation, sub, unit, person_ids, records FROM audit.entry WHERE operation IN ('Revoke', 'Lift') AND $1 = ANY(records) ORDER BY id`, [`Revocation:${revokedId}`])).rows;
      expect(entries).toEqual([
        { kind: 'WRITE', operation: 'Revoke', sub: ADMIN.sub, unit: 'SOCIAL', person_ids: [], records: [`Revocation:${revokedId}`] },
        { kind: 'WRITE', operation: 'Lift', sub: ADMIN.sub, unit: 'SOCIAL', person_ids: [], records: [`Revocation:${revokedId}`] },
      ]);
    });

    it('records a refused change as REFUSED, not WRITE', async () => {
      await lift('SUBJECT', 'w-never-revoked');
      const last = (await sql.query(`SELECT kind, operation, sub FROM audit.entry ORDER BY id DESC LIMIT 1`)).rows[0];
      expect(last).toEqual({ kind: 'REFUSED', operation: 'Lift', sub: ADMIN.sub });
    });
  });

  describe('only ADMIN manages the list', () => {
    const CALLERS: [string, Caller][] = [
      ['CASEWORKER', { unit: 'SOCIAL', sub: 'w-nonadmin-caseworker', roles: ['CASEWORKER'] }],
      ['SUPERVISOR', { unit: 'SOCIAL', sub: 'w-nonadmin-supervisor', roles: ['SUPERVISOR'], purpose: 'SUPERVISION' }],
      ['ANALYST', { unit: 'SOCIAL', sub: 'w-nonadmin-analyst', roles: ['ANALYST'] }],
      ['AUDITOR', { unit: 'SOCIAL', sub: 'w-nonadmin-auditor', roles: ['AUDITOR'], purpose: 'AUDIT' }],
      ['NGO', { unit: 'NGO', org: 1, sub: 'w-nonadmin-ngo', roles: ['CASEWORKER', 'SUPERVISOR'] }],
    ];

    it.each(CALLERS)('refuses %s with FORBIDDEN on each mutation and the query, recording the attempts as REFUSED', async (_role, caller) => {
      const ngoCaller = caller.unit === 'NGO' ? { ...caller, org: orgId } : caller;
      for (const [operation, field] of [[REVOKE, 'revokeAccess'], [LIFT, 'liftRevocation'], [LIST, 'revocations']] as const) {
        const response = await hub.query(operation, { kind: 'SUBJECT', value: 'w-target', reason: '嘗試' }, ngoCaller);
        expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
        expect(response.errors?.[0]?.message).toBe(`Not permitted to call ${field === 'revocations' ? 'Query' : 'Mutation'}.${field}`);
        expect((response.data as Record<string, unknown> | null | undefined)?.[field] ?? null).toBeNull();
      }
      const entries = (await sql.query(`SELECT kind, operation FROM audit.entry WHERE sub = $1 ORDER BY id`, [ngoCaller.sub])).rows;
      expect(entries).toEqual([{ kind: 'REFUSED', operation: 'Revoke' }, { kind: 'REFUSED', operation: 'Lift' }]);
      expect((await sql.query(`SELECT count(*)::int AS n FROM core.revocation WHERE value = 'w-target'`)).rows[0].n).toBe(0);
    });
    it.each(CALLERS.filter(([role]) => role === 'ANALYST' || role === 'NGO'))('refuses %s calling the core subgraph directly, and changes nothing', async (_role, caller) => {
      const ngoCaller = caller.unit === 'NGO' ? { ...caller, org: orgId } : caller;
      const headers = { 'content-type': 'application/json', ...(await hub.auth.headers(ngoCaller)) };
      for (const operation of [REVOKE, LIFT, LIST]) {
        const response = await fetch(core.url, { method: 'POST', headers, body: JSON.stringify({ query: operation, variables: { kind: 'SUBJECT', value: 'w-direct-target', reason: '嘗試' } }) });
        const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
        expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      }
      expect((await sql.query(`SELECT count(*)::int AS n FROM core.revocation WHERE value = 'w-direct-target'`)).rows[0].n).toBe(0);
    });
  });

  it('reads the active entries of the database for a second replica of its own', async () => {
    const replica = new RevocationCache({ load: loadActiveRevocations, refreshMs: 60_000 });
    const someone: Identity = { sub: 'w-replica-check', unit: 'POLICE', org: null, districts: [], roles: ['CASEWORKER'], purpose: null };
    expect(await replica.isRevoked(someone)).toBe(false);
    await revoke('SUBJECT', someone.sub);
    // Its copy is fresh: it does not know yet, until it is older than the interval (here, forgotten).
    expect(await replica.isRevoked(someone)).toBe(false);
    replica.invalidate();
    expect(await replica.isRevoked(someone)).toBe(true);
    await lift('SUBJECT', someone.sub);
  });
});

describe('the revocation cache', () => {
  const identity = (overrides: Partial<Identity> = {}): Identity => ({ sub: 'w-1', unit: 'SOCIAL', org: null, districts: [], roles: ['CASEWORKER'], purpose: null, ...overrides });
  const unreachable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  function fakeList(initial: ActiveRevocation[] = []) {
    const state = { rows: initial, loads: 0, fail: null as Error | null, clock: 1_000_000 };
    const cache = new RevocationCache({
      refreshMs: 30_000,
      now: () => state.clock,
      load: async () => {
        state.loads += 1;
        if (state.fail) throw state.fail;
        return [...state.rows];
      },
    });
    return { state, cache };
  }

  it('loads on first use, answers from its copy within the interval, and reads again after it', async () => {
    const { state, cache } = fakeList();
    expect(state.loads).toBe(0);
    expect(await cache.isRevoked(identity())).toBe(false);
    expect(state.loads).toBe(1);
    state.rows = [{ kind: 'SUBJECT', value: 'w-1' }];
    state.clock += 29_999;
    expect(await cache.isRevoked(identity())).toBe(false);
    expect(state.loads).toBe(1);
    state.clock += 1;
    expect(await cache.isRevoked(identity())).toBe(true);
    expect(state.loads).toBe(2);
  });

  it('reads again at once after invalidate, and shares one read among concurrent checks', async () => {
    const { state, cache } = fakeList();
    await Promise.all([cache.isRevoked(identity()), cache.isRevoked(identity()), cache.isRevoked(identity())]);
    expect(state.loads).toBe(1);
    state.rows = [{ kind: 'UNIT', value: 'SOCIAL' }];
    cache.invalidate();
    expect(await cache.isRevoked(identity())).toBe(true);
    expect(state.loads).toBe(2);
  });

  it('matches each kind against its claim only', async () => {
    const { cache } = fakeList([
      { kind: 'SUBJECT', value: 'w-gone' },
      { kind: 'TOKEN', value: 'jti-1' },
      { kind: 'UNIT', value: 'POLICE' },
      { kind: 'ORG', value: '7' },
    ]);
    expect(await cache.isRevoked(identity({ sub: 'w-gone' }))).toBe(true);
    expect(await cache.isRevoked(identity({ jti: 'jti-1' }))).toBe(true);
    expect(await cache.isRevoked(identity({ jti: 'jti-2' }))).toBe(false);
    expect(await cache.isRevoked(identity({ unit: 'POLICE' }))).toBe(true);
    expect(await cache.isRevoked(identity({ unit: 'NGO', org: 7 }))).toBe(true);
    expect(await cache.isRevoked(identity({ unit: 'NGO', org: 8 }))).toBe(false);
    // A value only counts for its own kind.
    expect(await cache.isRevoked(identity({ sub: 'jti-1' }))).toBe(false);
    expect(await cache.isRevoked(identity({ sub: 'POLICE' }))).toBe(false);
  });

  it('keeps answering from a copy younger than twice the interval while the list cannot be read, then refuses', async () => {
    const { state, cache } = fakeList([{ kind: 'SUBJECT', value: 'w-gone' }]);
    expect(await cache.isRevoked(identity())).toBe(false);
    state.fail = unreachable();
    state.clock += 45_000;
    expect(await cache.isRevoked(identity())).toBe(false);
    expect(await cache.isRevoked(identity({ sub: 'w-gone' }))).toBe(true);
    state.clock += 15_000;
    await expect(cache.isRevoked(identity())).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    state.fail = null;
    expect(await cache.isRevoked(identity())).toBe(false);
  });

  it('refuses when the first read fails, and passes on a fault that is not an outage', async () => {
    const { state, cache } = fakeList();
    state.fail = unreachable();
    await expect(cache.isRevoked(identity())).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    state.fail = new Error('relation "core.revocation" does not exist');
    await expect(cache.isRevoked(identity())).rejects.toThrow('does not exist');
  });

  it('does not let a read begun before invalidate stand for one after it', async () => {
    let release: (rows: ActiveRevocation[]) => void = () => undefined;
    let loads = 0;
    const cache = new RevocationCache({
      refreshMs: 30_000,
      load: () => {
        loads += 1;
        return loads === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve([{ kind: 'SUBJECT', value: 'w-1' }]);
      },
    });
    const early = cache.isRevoked(identity());
    cache.invalidate();
    const late = cache.isRevoked(identity());
    release([]);
    expect(await early).toBe(false);
    expect(await late).toBe(true);
    expect(await cache.isRevoked(identity())).toBe(true);
    expect(loads).toBe(2);
  });

  it('reads its interval from HUB_REVOCATION_REFRESH_SECONDS, 30 s unless set, never above 30 s', () => {
    expect(revocationRefreshSecondsFrom({})).toBe(30);
    expect(revocationRefreshSecondsFrom({ HUB_REVOCATION_REFRESH_SECONDS: '5' })).toBe(5);
    expect(revocationRefreshSecondsFrom({ HUB_REVOCATION_REFRESH_SECONDS: '0.5' })).toBe(0.5);
    for (const bad of ['0', '-1', '31', 'soon']) {
      expect(() => revocationRefreshSecondsFrom({ HUB_REVOCATION_REFRESH_SECONDS: bad })).toThrow(/HUB_REVOCATION_REFRESH_SECONDS/);
    }
  });
});
