// Which migrations a subgraph on a database of its own applies (issue 16).
// The hub's shared database keeps its one history (prisma/migrations); a
// subgraph that can run alone applies only the shared migrations that build
// what it uses without core (the audit trail its reads are written to, the
// sync bookkeeping its runs use), the connector kit's own-database folder
// (prisma/subgraphs/connector-kit: identity decisions and reviews without a
// foreign key into core, the published tables) and its own folder
// prisma/subgraphs/<name>/, which builds its schema as the shared history
// leaves it, minus core. A migration that changes one of these schemas later
// goes into both: the shared history and, for the own database, this list
// or the own folder (test/gateway/connector-own-database.test.ts compares
// the two layouts).

export interface OwnDatabaseMigrationSet {
  /** Names of prisma/migrations folders this subgraph applies as they are. */
  shared: readonly string[];
  /** Folders of prisma/subgraphs whose migrations it applies, its own last. */
  folders: readonly string[];
}

const AUDIT_TRAIL = ['20261124000200_audit_trail', '20261204000100_audit_subjects_and_head', '20261204000500_audit_partitions'];
const SYNC_BOOKKEEPING = ['20261124000300_connector_sync', '20261204001000_data_quality', '20261207000100_sync_attempts'];
const CONNECTOR_KIT = 'connector-kit';

const SETS: Record<string, OwnDatabaseMigrationSet> = {
  'probation-transitions': { shared: [...AUDIT_TRAIL, ...SYNC_BOOKKEEPING], folders: [CONNECTOR_KIT, 'probation-transitions'] },
  'labor-referrals': { shared: [...AUDIT_TRAIL, ...SYNC_BOOKKEEPING], folders: [CONNECTOR_KIT, 'labor-referrals'] },
};

/** The set of a subgraph that can run on a database of its own; undefined for one that cannot yet. */
export function ownDatabaseMigrations(subgraph: string): OwnDatabaseMigrationSet | undefined {
  return SETS[subgraph];
}

/** Subgraphs that can run on a database of their own. */
export const OWN_DATABASE_SUBGRAPHS = Object.keys(SETS);
