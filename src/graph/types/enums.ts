// GraphQL enums backed by the Prisma enums, each value described in English
// and Chinese so the printed schema doubles as the code table.
import { builder } from '../builder.ts';
import {
  CASE_KIND_LABELS,
  CONTACT_KIND_LABELS,
  REFERRAL_STATUS_LABELS,
  RELATIONSHIP_LABELS,
  RISK_LEVEL_LABELS,
  type Label,
} from '../../domain/labels.ts';

function describedValues<K extends string>(labels: Record<K, Label>) {
  return Object.fromEntries(
    Object.entries<Label>(labels).map(([value, label]) => [value, { description: `${label.en} (${label.zh})` }]),
  ) as Record<K, { description: string }>;
}

export const CaseKindEnum = builder.enumType('CaseKind', {
  description: 'Kind of case named in the Strengthening Social Safety Net plan.',
  values: describedValues(CASE_KIND_LABELS),
});

export const CaseStatusEnum = builder.enumType('CaseStatus', {
  description: 'Whether a case is being served.',
  values: { OPEN: { description: 'In service (服務中)' }, CLOSED: { description: 'Closed (結案)' } },
});

export const RiskLevelEnum = builder.enumType('RiskLevel', {
  description: 'Structured Decision Making (SDM) risk level.',
  values: describedValues(RISK_LEVEL_LABELS),
});

export const ContactKindEnum = builder.enumType('ContactKind', {
  description: 'Kind of service contact, as the city counts them.',
  values: describedValues(CONTACT_KIND_LABELS),
});

export const RelationshipEnum = builder.enumType('Relationship', {
  description: 'Relationship of a family member to the head of household (稱謂).',
  values: describedValues(RELATIONSHIP_LABELS),
});

export const ReferralStatusEnum = builder.enumType('ReferralStatus', {
  description: 'Referral life cycle: PENDING → ACCEPTED | DECLINED → CLOSED.',
  values: describedValues(REFERRAL_STATUS_LABELS),
});

export const SexEnum = builder.enumType('Sex', {
  description: 'Sex as registered.',
  values: {
    MALE: { description: 'Male (男)' },
    FEMALE: { description: 'Female (女)' },
    UNKNOWN: { description: 'Not known (不詳)' },
  },
});

export const LabelType = builder.objectRef<Label>('Label').implement({
  description: 'A user-facing label in English and Traditional Chinese.',
  fields: (t) => ({
    en: t.exposeString('en', { description: 'English label.' }),
    zh: t.exposeString('zh', { description: 'Traditional Chinese label (繁體中文).' }),
  }),
});
