// A token is verified once per process and its identity kept until it
// expires; the kept identity is never served for other key settings.
import { describe, expect, it } from '@jest/globals';
import { verifyToken, TokenError } from '../../src/auth/verify-token.ts';
import { createTestAuth } from '../support/test-auth.ts';

const CALLER = { unit: 'SOCIAL', sub: 'w-social-cache' } as const;

describe('verified tokens', () => {
  it('verifies a token once and answers its repeats from memory', async () => {
    const auth = await createTestAuth();
    const token = await auth.token(CALLER);
    const first = await verifyToken(token, auth.settings);
    const again = await verifyToken(token, auth.settings);
    expect(again).toBe(first);
    expect(first.sub).toBe('w-social-cache');
  });

  it('never accepts a token for settings it was not verified with', async () => {
    const issuer = await createTestAuth();
    const stranger = await createTestAuth();
    const token = await issuer.token(CALLER);
    await verifyToken(token, issuer.settings);
    await expect(verifyToken(token, stranger.settings)).rejects.toBeInstanceOf(TokenError);
  });

  it('does not keep a refused token', async () => {
    const auth = await createTestAuth();
    const token = await auth.token(CALLER);
    const tampered = `${token.slice(0, -4)}AAAA`;
    await expect(verifyToken(tampered, auth.settings)).rejects.toBeInstanceOf(TokenError);
    await expect(verifyToken(tampered, auth.settings)).rejects.toBeInstanceOf(TokenError);
  });

  it('does not keep a token past its expiry', async () => {
    const auth = await createTestAuth();
    // Already past exp by more than the 30 s clock tolerance: refused, and so never kept.
    const expired = await auth.token(CALLER, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    await expect(verifyToken(expired, auth.settings)).rejects.toBeInstanceOf(TokenError);
  });
});
