// Service contacts on a case and the mutation that records one. A contact
// may carry a note and its duration; the note is the recording worker's
// account of the family and is read only by the unit that recorded it (for
// an NGO, its organisation): other units serving the family see that a
// contact happened, its kind, date and length, not what was said (the policy
// table's `owner` access on ServiceContact.note).
import { collectProblems, futureProblem, textProblem } from '../../domain/input-checks.ts';
import { CONTACT_KIND_LABELS } from '../../domain/labels.ts';
import type { ServiceContact } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { rowIdOf } from '../ids.ts';
import { currentMemberIds } from '../membership-period.ts';
import { failure, inTransaction, invalidInput, payloadType, success, type Outcome } from '../mutation-result.ts';
import { caseListScope } from '../row-scope.ts';
import { ContactKindEnum, LabelType } from './enums.ts';
import { unitOf } from '../reference-data.ts';
import { NetworkUnitRef } from './reference.ts';

const MAX_NOTE = 4000;
/** A day: a longer contact is a typing error, not a contact. */
const MAX_MINUTES = 1440;

export const ServiceContactRef = builder.prismaObject('ServiceContact', {
  description: 'One service contact on a case, counted by kind in the city reports.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Identifier of the contact.' }),
    kind: t.expose('kind', { type: ContactKindEnum, description: 'Kind of contact.' }),
    kindLabel: t.field({
      type: LabelType,
      description: 'Kind of contact as users read it.',
      select: { kind: true },
      resolve: (c) => CONTACT_KIND_LABELS[c.kind],
    }),
    contactedOn: t.expose('contactedOn', { type: 'Date', description: 'Date of the contact.' }),
    unit: t.field({ type: NetworkUnitRef, description: 'Unit that made the contact.', select: { unitCode: true }, resolve: (c) => unitOf(c.unitCode) }),
    workerId: t.exposeID('workerId', { nullable: true, description: 'Worker who made the contact.' }),
    note: t.exposeString('note', { nullable: true, description: 'What happened, as the recording worker wrote it; only the unit (an NGO: the organisation) that recorded the contact reads it.' }),
    durationMinutes: t.exposeInt('durationMinutes', { nullable: true, description: 'How long the contact took, in minutes; null when not recorded.' }),
    case: t.relation('case', { description: 'The case the contact belongs to.' }),
  }),
});

const RecordServiceContactInput = builder.inputType('RecordServiceContactInput', {
  description: 'A contact to record on an open case, made by the calling worker for their unit.',
  fields: (t) => ({
    caseId: t.id({ required: true, description: 'Global ID of the open case.' }),
    kind: t.field({ type: ContactKindEnum, required: true, description: 'Kind of contact.' }),
    contactedOn: t.field({ type: 'Date', required: true, description: 'Date of the contact; not in the future.' }),
    note: t.string({ description: `What happened (at most ${MAX_NOTE} characters); read only by the recording unit (an NGO: its organisation).` }),
    durationMinutes: t.int({ description: `How long it took, in whole minutes (1–${MAX_MINUTES}).` }),
  }),
});

const RecordServiceContactPayload = payloadType<ServiceContact>(
  'RecordServiceContactPayload',
  'serviceContact',
  ServiceContactRef,
  'Result of recordServiceContact.',
);

builder.mutationField('recordServiceContact', (t) =>
  t.field({
    type: RecordServiceContactPayload,
    description: "Records a service contact on an open case of the caller's unit (an NGO: a case assigned to its organisation).",
    args: { input: t.arg({ type: RecordServiceContactInput, required: true, description: 'The contact.' }) },
    resolve: async (_root, { input }, ctx, info): Promise<Outcome<ServiceContact>> => {
      const viewer = ctx.viewer;
      const caseId = rowIdOf(String(input.caseId), 'Case');
      const problems = collectProblems({
        caseId: caseId === null ? 'is not a Case ID' : null,
        contactedOn: futureProblem(input.contactedOn),
        note: textProblem(input.note, { required: false, max: MAX_NOTE }),
        durationMinutes:
          input.durationMinutes != null && (input.durationMinutes < 1 || input.durationMinutes > MAX_MINUTES) ? `must be between 1 and ${MAX_MINUTES} minutes` : null,
      });
      if (problems.length > 0 || caseId === null) return invalidInput(problems);

      return inTransaction(ctx, info, async (tx) => {
        // Only the unit's own cases (an NGO's assigned cases); any other answers as a case that does not exist,
        // before anything about it (closed, opening date) is said.
        const servedCase = await tx.case.findFirst({
          where: { id: caseId, ...caseListScope(viewer) },
          select: { status: true, openedOn: true, familyId: true, subjectPersonId: true },
        });
        if (!servedCase) return failure<ServiceContact>('NOT_FOUND', 'caseId: no such case', [{ field: 'caseId', reason: 'no such case' }]);
        const dateProblems = collectProblems({
          caseId: servedCase.status === 'OPEN' ? null : 'the case is closed; contacts can only be recorded on open cases',
          contactedOn: input.contactedOn < servedCase.openedOn ? 'must not be before the case was opened' : null,
        });
        if (dateProblems.length > 0) return invalidInput<ServiceContact>(dateProblems);
        const contact = await tx.serviceContact.create({
          data: {
            caseId,
            kind: input.kind,
            contactedOn: input.contactedOn,
            unitCode: viewer.unit,
            organizationId: viewer.org,
            workerId: viewer.workerId,
            note: input.note?.trim() || null,
            durationMinutes: input.durationMinutes ?? null,
          },
        });
        const persons = servedCase.subjectPersonId !== null ? [servedCase.subjectPersonId] : await currentMemberIds(tx, servedCase.familyId);
        return success(contact, { persons, records: [{ type: 'ServiceContact', id: contact.id }, { type: 'Case', id: caseId }] });
      });
    },
  }),
);
