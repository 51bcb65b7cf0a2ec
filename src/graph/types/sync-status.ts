// syncStatus: how each agency connector's scheduled sync is doing, for the
// unit that owns the connector's data (connectors/owners.ts) and for ADMINs,
// who see every connector. Another unit gets an empty list: it owns no
// connector, and the list is its own connectors'. No person is in it, so no
// purpose of use is asked and nothing is audited as a person-level read.
import { CONNECTOR_CADENCES } from '../../../connectors/cadences.ts';
import { CONNECTOR_OWNERS } from '../../../connectors/owners.ts';
import { syncStatusOf, type ConnectorSyncStatus, type PublicationAttemptView, type PublicationStatus, type SyncRunView } from '../../ops/sync-status.ts';
import { builder } from '../builder.ts';

const SyncRunRef = builder.objectRef<SyncRunView>('SyncRun').implement({
  description: "One attempt at a connector's sync.",
  fields: (t) => ({
    trigger: t.exposeString('trigger', { description: 'Who started it: schedule (the job queue), cli (`npm run sync`) or first-start.' }),
    attempt: t.exposeInt('attempt', { description: "The job queue's attempt number: 2 and up are retries after a failure." }),
    outcome: t.exposeString('outcome', { description: 'running, succeeded or failed.' }),
    startedAt: t.field({ type: 'DateTime', description: 'When the attempt began.', resolve: (r) => r.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, description: 'Null while it runs.', resolve: (r) => r.finishedAt }),
    durationMs: t.int({ nullable: true, description: 'Milliseconds from start to end; null while it runs.', resolve: (r) => r.durationMs }),
    read: t.exposeInt('read', { description: 'Source records read.' }),
    inserted: t.exposeInt('inserted', { description: 'Records new to the hub.' }),
    updated: t.exposeInt('updated', { description: 'Records the source changed.' }),
    stored: t.exposeInt('stored', { description: 'Records written: inserted, updated and merged.' }),
    quarantined: t.exposeInt('quarantined', { description: 'Records this run could not take in.' }),
    cursor: t.exposeString('cursor', { nullable: true, description: 'Where the connector stands in its source after the run: the newest change taken in (a timestamp) or the newest file.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed, in one line; null when it did not.' }),
  }),
});

const PublicationAttemptRef = builder.objectRef<PublicationAttemptView>('PublicationAttempt').implement({
  description: "One attempt of core's job queue at publishing into a connector's own database.",
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: "The job queue's attempt number: 2 and up are retries after a failure." }),
    outcome: t.exposeString('outcome', { description: 'running, succeeded or failed.' }),
    startedAt: t.field({ type: 'DateTime', description: 'When the attempt began.', resolve: (a) => a.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, description: 'Null while it runs.', resolve: (a) => a.finishedAt }),
    durationMs: t.int({ nullable: true, description: 'Milliseconds from start to end; null while it runs.', resolve: (a) => a.durationMs }),
    persons: t.exposeInt('persons', { nullable: true, description: "Persons in the connector's copy of the index afterwards (person-index only)." }),
    written: t.exposeInt('written', { nullable: true, description: 'Persons added or changed by this publication: all of them for a whole copy (person-index only).' }),
    removed: t.exposeInt('removed', { nullable: true, description: 'Persons removed because core no longer holds them (person-index only).' }),
    mode: t.exposeString('mode', { nullable: true, description: 'whole (the index replaced whole: the first publication) or changes (only what differed); person-index only.' }),
    revocations: t.exposeInt('revocations', { nullable: true, description: 'Active deny-list entries published.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed, in one line and without the database\'s address; null when it did not.' }),
  }),
});

const PublicationStatusRef = builder.objectRef<PublicationStatus>('PublicationStatus').implement({
  description: "What core publishes on a schedule into a connector's own database (HUB_PERSON_INDEX_TARGETS).",
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'person-index (the index, with the deny-list) or revocations (the deny-list alone, on a shorter cadence).' }),
    lastAttempt: t.field({ type: PublicationAttemptRef, nullable: true, description: 'The newest attempt, whatever its outcome; null if none was recorded.', resolve: (p) => p.lastAttempt }),
    lastSucceededAt: t.field({ type: 'DateTime', nullable: true, description: 'When a publication of this kind last completed.', resolve: (p) => p.lastSucceededAt }),
    nextRunAt: t.field({ type: 'DateTime', nullable: true, description: 'When the job queue publishes next (a retry included); null when it is not scheduled.', resolve: (p) => p.nextRunAt }),
  }),
});

const ConnectorSyncStatusRef = builder.objectRef<ConnectorSyncStatus>('ConnectorSyncStatus').implement({
  description: "A connector's scheduled sync: its last attempt, its next run and its records' freshness.",
  fields: (t) => ({
    connector: t.exposeString('connector', { description: 'The connector (subgraph) name, as in connectors/registry.ts.' }),
    everyMinutes: t.int({ description: 'The default cadence (connectors/cadences.ts); HUB_SYNC_EVERY_<NAME>_MINUTES may set another.', resolve: (s) => CONNECTOR_CADENCES[s.connector]?.everyMinutes ?? 0 }),
    lastRun: t.field({ type: SyncRunRef, nullable: true, description: 'The newest attempt, whatever its outcome; null if none was recorded.', resolve: (s) => s.lastRun }),
    lastSucceededAt: t.field({ type: 'DateTime', nullable: true, description: 'When a sync last completed.', resolve: (s) => s.lastSucceededAt }),
    nextRunAt: t.field({ type: 'DateTime', nullable: true, description: 'When the job queue runs it next (a retry after a failure included); null when it is not scheduled.', resolve: (s) => s.nextRunAt }),
    stale: t.exposeBoolean('stale', { description: "True when the last completed sync is older than the connector's freshness bound: its records read stale." }),
    quarantined: t.exposeInt('quarantined', { description: 'Records waiting in quarantine for correction at the source.' }),
    publications: t.field({
      type: [PublicationStatusRef],
      description: "For a connector on a database of its own: core's scheduled publications into it (the person index, the deny-list). Empty for the others.",
      resolve: (s) => s.publications,
    }),
  }),
});

builder.queryField('syncStatus', (t) =>
  t.field({
    type: [ConnectorSyncStatusRef],
    description: "The scheduled syncs of the connectors whose data the caller's unit owns (an ADMIN: every connector).",
    resolve: (_root, _args, ctx) => {
      const admin = ctx.viewer.roles.includes('ADMIN');
      const visible = Object.entries(CONNECTOR_OWNERS).filter(([, unit]) => admin || unit === ctx.viewer.unit).map(([name]) => name);
      return syncStatusOf(visible);
    },
  }),
);
