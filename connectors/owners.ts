// Which unit owns each connector's data: it alone reviews that connector's
// quarantined records, whose raw form still holds the agency's personal data.
import type { UnitCode } from '../src/domain/codes.ts';

export const CONNECTOR_OWNERS: Record<string, UnitCode> = {
  'household-registration': 'CIVIL_AFFAIRS',
  'welfare-subsidies': 'SOCIAL',
  'education-dropouts': 'EDUCATION',
  'labor-referrals': 'LABOR',
  'probation-transitions': 'JUSTICE',
};
