// The events the existing mutations record, each in the mutation's own
// transaction (called just before it returns success). Who is told:
//   createReferral — the receiving unit (REFERRAL_RECEIVED); the other units
//     and organisations serving the family (REFERRAL_SENT).
//   createIntake   — a re-report: the units and organisations serving the
//     family, the reporting unit excepted (RE_REPORT).
//   triageIntake   — the unit dispatched to (INTAKE_RECEIVED); when it opens a
//     case, the other units and organisations serving the family (CASE_OPENED).
// A referral addressed to NGO names its organisation, which alone is told.
import type { TransactionClient } from '../graph/mutation-result.ts';
import type { Viewer } from '../graph/context.ts';
import { recipientsServing, recordEvent } from './record-event.ts';

type Actor = Pick<Viewer, 'unit' | 'org' | 'workerId'>;

const actorOf = (viewer: Actor) => ({ unit: viewer.unit, workerId: viewer.workerId });
const unitsOnly = (units: readonly string[]) => units.filter((u) => u !== 'NGO');

export async function notifyReferralSent(
  tx: TransactionClient,
  viewer: Actor,
  referral: { id: number; familyId: number; toUnitCode: string; toOrganizationId: number | null },
): Promise<void> {
  const record = { type: 'Referral', id: referral.id };
  // A referral to NGO is addressed to one organisation: it alone is told.
  const receiver = referral.toOrganizationId !== null ? { organizations: [referral.toOrganizationId] } : { units: unitsOnly([referral.toUnitCode]) };
  await recordEvent(tx, { kind: 'REFERRAL_RECEIVED', familyId: referral.familyId, record, recipients: receiver, actor: actorOf(viewer) });
  const serving = await recipientsServing(tx, referral.familyId, viewer.unit, viewer.org);
  await recordEvent(tx, {
    kind: 'REFERRAL_SENT',
    familyId: referral.familyId,
    record,
    recipients: { units: serving.units.filter((u) => u !== referral.toUnitCode), organizations: serving.organizations.filter((o) => o !== referral.toOrganizationId) },
    actor: actorOf(viewer),
  });
}

export async function notifyIntakeReported(tx: TransactionClient, viewer: Actor, intake: { id: number; familyId: number | null; reReport: boolean }): Promise<void> {
  if (!intake.reReport || intake.familyId === null) return;
  const serving = await recipientsServing(tx, intake.familyId, viewer.unit, viewer.org);
  await recordEvent(tx, { kind: 'RE_REPORT', familyId: intake.familyId, record: { type: 'Intake', id: intake.id }, recipients: serving, actor: actorOf(viewer) });
}

export async function notifyIntakeDispatched(
  tx: TransactionClient,
  viewer: Actor,
  intake: { id: number; familyId: number | null; dispatchedToUnitCode: string | null },
  openedCaseId: number | null,
): Promise<void> {
  const dispatchedTo = intake.dispatchedToUnitCode;
  if (dispatchedTo !== null) {
    await recordEvent(tx, { kind: 'INTAKE_RECEIVED', familyId: intake.familyId, record: { type: 'Intake', id: intake.id }, recipients: { units: unitsOnly([dispatchedTo]) }, actor: actorOf(viewer) });
  }
  if (openedCaseId !== null && intake.familyId !== null) {
    const serving = await recipientsServing(tx, intake.familyId, viewer.unit, viewer.org);
    await recordEvent(tx, {
      kind: 'CASE_OPENED',
      familyId: intake.familyId,
      record: { type: 'Case', id: openedCaseId },
      recipients: { units: serving.units.filter((u) => u !== dispatchedTo), organizations: serving.organizations },
      actor: actorOf(viewer),
    });
  }
}
