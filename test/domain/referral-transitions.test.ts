import { describe, expect, it } from '@jest/globals';
import { checkReferralTransition, type ReferralAction, type ReferralStatus } from '../../src/domain/referral-transitions.ts';

const referral = (status: ReferralStatus) => ({ status, fromUnitCode: 'SOCIAL', toUnitCode: 'LABOR' });

describe('referral transitions', () => {
  it.each<[ReferralStatus, ReferralAction, string, ReferralStatus | string]>([
    ['PENDING', 'ACCEPT', 'LABOR', 'ACCEPTED'],
    ['PENDING', 'DECLINE', 'LABOR', 'DECLINED'],
    ['ACCEPTED', 'CLOSE', 'LABOR', 'CLOSED'],
    ['ACCEPTED', 'CLOSE', 'SOCIAL', 'CLOSED'],
    ['DECLINED', 'CLOSE', 'SOCIAL', 'CLOSED'],
    ['PENDING', 'ACCEPT', 'SOCIAL', 'FORBIDDEN'],
    ['PENDING', 'DECLINE', 'HEALTH', 'FORBIDDEN'],
    ['ACCEPTED', 'CLOSE', 'HEALTH', 'FORBIDDEN'],
    ['PENDING', 'CLOSE', 'SOCIAL', 'BAD_USER_INPUT'],
    ['ACCEPTED', 'ACCEPT', 'LABOR', 'BAD_USER_INPUT'],
    ['ACCEPTED', 'DECLINE', 'LABOR', 'BAD_USER_INPUT'],
    ['DECLINED', 'ACCEPT', 'LABOR', 'BAD_USER_INPUT'],
    ['CLOSED', 'CLOSE', 'LABOR', 'BAD_USER_INPUT'],
    ['CLOSED', 'ACCEPT', 'LABOR', 'BAD_USER_INPUT'],
  ])('%s + %s by %s → %s', (status, action, unit, expected) => {
    const result = checkReferralTransition(referral(status), action, unit);
    expect(result.ok ? result.to : result.code).toBe(expected);
  });
});

describe('withdrawing a referral', () => {
  const referral = (status: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'CLOSED') => ({ status, fromUnitCode: 'SOCIAL', toUnitCode: 'LABOR' });

  it('lets only the sending unit withdraw, and only while it is PENDING', () => {
    expect(checkReferralTransition(referral('PENDING'), 'WITHDRAW', 'SOCIAL')).toEqual({ ok: true, to: 'CLOSED' });
    expect(checkReferralTransition(referral('PENDING'), 'WITHDRAW', 'LABOR')).toEqual({ ok: false, code: 'FORBIDDEN', reason: 'only the sending unit SOCIAL may withdraw this referral' });
    expect(checkReferralTransition(referral('ACCEPTED'), 'WITHDRAW', 'SOCIAL')).toEqual({
      ok: false, code: 'BAD_USER_INPUT', reason: 'a ACCEPTED referral cannot be withdrawn; only PENDING referrals can',
    });
  });
});
