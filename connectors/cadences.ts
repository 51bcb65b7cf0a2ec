// How often the job queue syncs each connector, and how old its data may grow
// before records read `stale: true` (the freshness bound its records state).
// Kept apart from the registry, like owners.ts, so the core subgraph's
// syncStatus can read it without importing every connector's schema.
//
// The choices: the household register changes all day (births, moves) and its
// delta read is cheap, so every 15 minutes; the labour referral API publishes
// a few times a day, hourly is soon enough; the welfare system drops a monthly
// export at an unknown hour, so the folder is looked at hourly (an unchanged
// folder costs one listing); the education and probation registers are
// updated nightly, every 6 hours keeps them well inside their 24-hour bound
// even when a run fails. The freshness bounds are the ones each connector's
// records state (a day; 35 days for the monthly welfare exports): the
// connectors' schemas read them from here.

export interface SyncCadence {
  /** Minutes between the end of one scheduled sync and the start of the next; HUB_SYNC_EVERY_<NAME>_MINUTES overrides. */
  everyMinutes: number;
  /** A connector whose last completed sync is older than this reads stale (connectors/kit/freshness.ts). */
  staleAfterHours: number;
}

export const CONNECTOR_CADENCES: Record<string, SyncCadence> = {
  'household-registration': { everyMinutes: 15, staleAfterHours: 24 },
  'welfare-subsidies': { everyMinutes: 60, staleAfterHours: 35 * 24 },
  'labor-referrals': { everyMinutes: 60, staleAfterHours: 24 },
  'education-dropouts': { everyMinutes: 360, staleAfterHours: 24 },
  'probation-transitions': { everyMinutes: 360, staleAfterHours: 24 },
};
