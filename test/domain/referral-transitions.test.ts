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
