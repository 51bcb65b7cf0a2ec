// Core's signed person assertion (src/auth/person-access.ts): it holds for
// exactly the caller, person and 30 seconds it was made for, under the key it
// was made with, and nothing else passes for it.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { PERSON_ACCESS_TTL_SECONDS, signPersonAccess, verifyPersonAccess, type AccessCaller } from '../../src/auth/person-access.ts';

const key = randomBytes(32);
const now = Date.parse('2026-12-07T10:00:00Z');
const worker: AccessCaller = { workerId: 'w-justice', unit: 'JUSTICE', org: null };
const serving = { level: 'SERVING' as const, breakGlass: false };

describe('person access assertion', () => {
  it('gives back the level and break-glass core signed, for the same caller and person within its lifetime', () => {
    const assertion = signPersonAccess(worker, 42, { level: 'DECIDING', breakGlass: true }, now, key);
    expect(verifyPersonAccess(assertion, worker, 42, now + (PERSON_ACCESS_TTL_SECONDS - 1) * 1000, key)).toEqual({ level: 'DECIDING', breakGlass: true });
  });

  it('refuses it once expired', () => {
    const assertion = signPersonAccess(worker, 42, serving, now, key);
    expect(verifyPersonAccess(assertion, worker, 42, now + PERSON_ACCESS_TTL_SECONDS * 1000, key)).toBeNull();
  });

  it.each<[string, AccessCaller, number]>([
    ['another worker', { ...worker, workerId: 'w-other' }, 42],
    ['another unit', { ...worker, unit: 'EDUCATION' }, 42],
    ['an organisation', { ...worker, org: 7 }, 42],
    ['another person', worker, 43],
  ])('refuses it for %s', (_name, caller, personId) => {
    const assertion = signPersonAccess(worker, 42, serving, now, key);
    expect(verifyPersonAccess(assertion, caller, personId, now, key)).toBeNull();
  });

  it('refuses one made with another key, or edited after signing', () => {
    expect(verifyPersonAccess(signPersonAccess(worker, 42, serving, now, randomBytes(32)), worker, 42, now, key)).toBeNull();
    const [version, payload, mac] = signPersonAccess(worker, 42, { level: 'NONE', breakGlass: false }, now, key).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const raised = Buffer.from(JSON.stringify({ ...claims, l: 'SERVING' })).toString('base64url');
    expect(verifyPersonAccess([version, raised, mac].join('.'), worker, 42, now, key)).toBeNull();
  });

  it.each([null, undefined, 42, '', 'pa1', 'pa1..', 'pa1.e30.x', 'pa2.e30.x', `pa1.${'a'.repeat(2_000)}.x`])('refuses what is no assertion (case %#)', (value) => {
    expect(verifyPersonAccess(value, worker, 42, now, key)).toBeNull();
  });

  it('refuses a well-signed assertion whose level is not one of the policy\'s', () => {
    // Only core signs, so this guards against a future core change, not a forger.
    const assertion = signPersonAccess(worker, 42, { level: 'OWNER' as never, breakGlass: false }, now, key);
    expect(verifyPersonAccess(assertion, worker, 42, now, key)).toBeNull();
  });
});
