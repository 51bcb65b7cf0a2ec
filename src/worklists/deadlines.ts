// The deadlines worklists sort by, as pure rules.
//
// Triage: centralized screening (集中篩派案) answers a report within 24
// hours of its receipt; the queue flags those with 4 hours or less left.
//
// Contact: a case's next contact is due a fixed number of days after its
// latest contact (or its opening, before any), by SDM risk level — the
// higher the risk, the sooner: VERY_HIGH 7 days, HIGH 14, MODERATE 30, LOW
// 60, not yet assessed 30. The intervals are the hub's default for a
// worklist, not a legal standard; a unit's own case plan may set others.
export const TRIAGE_HOURS = 24;
export const TRIAGE_WARNING_HOURS = 4;

export const CONTACT_INTERVAL_DAYS: Record<'VERY_HIGH' | 'HIGH' | 'MODERATE' | 'LOW' | 'UNASSESSED', number> = {
  VERY_HIGH: 7,
  HIGH: 14,
  MODERATE: 30,
  LOW: 60,
  UNASSESSED: 30,
};

const HOUR_MS = 3_600_000;

export function triageDeadline(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + TRIAGE_HOURS * HOUR_MS);
}

/** Hours left to the triage deadline, one decimal; negative once overdue. */
export function hoursLeft(receivedAt: Date, now: Date = new Date()): number {
  return Math.round(((triageDeadline(receivedAt).getTime() - now.getTime()) / HOUR_MS) * 10) / 10;
}

export function dueWithinWarning(receivedAt: Date, now: Date = new Date()): boolean {
  const left = triageDeadline(receivedAt).getTime() - now.getTime();
  return left > 0 && left <= TRIAGE_WARNING_HOURS * HOUR_MS;
}

export function contactIntervalDays(riskLevel: string | null): number {
  return CONTACT_INTERVAL_DAYS[(riskLevel ?? 'UNASSESSED') as keyof typeof CONTACT_INTERVAL_DAYS] ?? CONTACT_INTERVAL_DAYS.UNASSESSED;
}

/** The SQL CASE giving a case's interval in days from its risk_level column (the same table as above). */
export function contactIntervalSql(column: string): string {
  const levels = Object.entries(CONTACT_INTERVAL_DAYS).filter(([level]) => level !== 'UNASSESSED');
  return `CASE ${column}::text ${levels.map(([level, days]) => `WHEN '${level}' THEN ${days}`).join(' ')} ELSE ${CONTACT_INTERVAL_DAYS.UNASSESSED} END`;
}
