// One involvement of a unit with a family: the remedy for sixteen workers
// who cannot see each other.
import { builder } from '../builder.ts';
import type { ServingUnitView } from '../loaders.ts';
import { CaseRef } from './case.ts';
import { CaseKindEnum } from './enums.ts';
import { PersonRef } from './person.ts';
import { NetworkUnitRef, OrganizationRef, WorkerRef } from './reference.ts';
import { ReferralRef } from './referral.ts';

const InvolvementEnum = builder.enumType('Involvement', {
  description: 'How a unit is involved with a family.',
  values: {
    CASE: { description: 'The unit has an open case (個案) on the family or a member.' },
    ASSIGNMENT: { description: 'A contracted organisation is actively assigned to an open case.' },
    REFERRAL: { description: 'A referral (轉介) to the unit is pending or was accepted.' },
  },
});

export const ServingUnitRef = builder.objectRef<ServingUnitView>('ServingUnit').implement({
  description: 'A unit serving a family right now, how, for whom and since when.',
  fields: (t) => ({
    unit: t.field({ type: NetworkUnitRef, description: 'The serving unit.', resolve: (s) => s.unit }),
    involvement: t.field({ type: InvolvementEnum, description: 'How the unit is involved.', resolve: (s) => s.involvement }),
    caseKind: t.field({
      type: CaseKindEnum,
      nullable: true,
      description: 'Kind of the case, for case and assignment involvements.',
      resolve: (s) => s.case?.kind ?? null,
    }),
    case: t.field({ type: CaseRef, nullable: true, description: 'The open case, if any.', resolve: (s) => s.case }),
    leadWorker: t.field({
      type: WorkerRef,
      nullable: true,
      description: 'Lead worker of the case, for case involvements.',
      resolve: (s) => (s.involvement === 'CASE' ? (s.case?.leadWorker ?? null) : null),
    }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The assigned organisation, for assignment involvements; the organisation addressed, for referrals to NGO.',
      resolve: (s) => s.organization,
    }),
    referral: t.field({ type: ReferralRef, nullable: true, description: 'The open referral, if any.', resolve: (s) => s.referral }),
    person: t.field({ type: PersonRef, nullable: true, description: 'The member concerned, when known.', resolve: (s) => s.person }),
    since: t.field({
      type: 'Date',
      description: 'Since when: case opening, assignment start, referral acceptance or request.',
      resolve: (s) => s.since,
    }),
  }),
});
