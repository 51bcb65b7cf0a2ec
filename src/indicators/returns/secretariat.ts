// The secretariat of the city's coordination meeting (跨網絡合作會議幕僚):
// supervisors of the Social Affairs Bureau. It reviews the units' returns
// before they are published and follows up campaigns; no other role does.
import type { Role } from '../../auth/claims.ts';

export const SECRETARIAT_UNIT = 'SOCIAL';

export function isSecretariat(viewer: { unit: string; roles: readonly Role[] }): boolean {
  return viewer.unit === SECRETARIAT_UNIT && viewer.roles.includes('SUPERVISOR');
}

/** Roles that enter a unit's returns and campaign forms: the unit's caseworkers and supervisors. */
export function entersReturns(viewer: { unit: string; roles: readonly Role[] }): boolean {
  return viewer.unit !== 'NGO' && viewer.roles.some((role) => role === 'CASEWORKER' || role === 'SUPERVISOR');
}
