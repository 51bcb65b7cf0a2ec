// Who reads welfare data: the Social Affairs Bureau (data owner) always; units
// serving the family while they do (HEALTH sees the welfare status of the
// families in its open mental-health cases), with subsidy amounts as a band;
// NGOs and everyone else nothing.
import { ALLOW_ALL, allowAll, type PolicyTable } from '../../src/policy/types.ts';

const WELFARE = { others: 'DENY', related: 'ALLOW', units: { SOCIAL: 'ALLOW', NGO: 'DENY' } } as const;

export const welfarePolicy: PolicyTable = {
  Person: { id: ALLOW_ALL, welfareStatuses: WELFARE, welfareSubsidies: WELFARE },
  WelfareStatus: allowAll(['kind', 'validFrom', 'validTo', 'syncedAt', 'source']),
  WelfareSubsidy: {
    ...allowAll(['kindCode', 'kindLabelEn', 'kindLabelZh', 'fromMonth', 'toMonth', 'syncedAt']),
    monthlyAmount: { others: 'MASK', units: { SOCIAL: 'ALLOW' }, mask: 'amountRange' },
  },
};
