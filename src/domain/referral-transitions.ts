// The referral life cycle PENDING → ACCEPTED | DECLINED → CLOSED and who may
// move it: the receiving unit answers, either unit closes, and the sending
// unit may withdraw a referral not answered yet (PENDING → CLOSED).
export type ReferralStatus = 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'CLOSED';
export type ReferralAction = 'ACCEPT' | 'DECLINE' | 'CLOSE' | 'WITHDRAW';

const TRANSITIONS: Record<ReferralAction, { from: readonly ReferralStatus[]; to: ReferralStatus }> = {
  ACCEPT: { from: ['PENDING'], to: 'ACCEPTED' },
  DECLINE: { from: ['PENDING'], to: 'DECLINED' },
  CLOSE: { from: ['ACCEPTED', 'DECLINED'], to: 'CLOSED' },
  WITHDRAW: { from: ['PENDING'], to: 'CLOSED' },
};

export type TransitionCheck =
  | { ok: true; to: ReferralStatus }
  | { ok: false; code: 'FORBIDDEN' | 'BAD_USER_INPUT'; reason: string };

export function checkReferralTransition(
  referral: { status: ReferralStatus; fromUnitCode: string; toUnitCode: string },
  action: ReferralAction,
  actingUnit: string,
): TransitionCheck {
  const answering = action === 'ACCEPT' || action === 'DECLINE';
  const allowed = answering
    ? actingUnit === referral.toUnitCode
    : action === 'WITHDRAW'
      ? actingUnit === referral.fromUnitCode
      : actingUnit === referral.toUnitCode || actingUnit === referral.fromUnitCode;
  if (!allowed) {
    return {
      ok: false,
      code: 'FORBIDDEN',
      reason: answering
        ? `only the receiving unit ${referral.toUnitCode} may ${action.toLowerCase()} this referral`
        : action === 'WITHDRAW'
          ? `only the sending unit ${referral.fromUnitCode} may withdraw this referral`
          : 'only the sending or the receiving unit may close this referral',
    };
  }
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(referral.status)) {
    return {
      ok: false,
      code: 'BAD_USER_INPUT',
      reason: `a ${referral.status} referral cannot be ${pastTense(action)}; only ${transition.from.join(' or ')} referrals can`,
    };
  }
  return { ok: true, to: transition.to };
}

function pastTense(action: ReferralAction): string {
  return { ACCEPT: 'accepted', DECLINE: 'declined', CLOSE: 'closed', WITHDRAW: 'withdrawn' }[action];
}
