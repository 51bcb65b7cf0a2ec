// Resolves which PostgreSQL the hub uses: DATABASE_URL when set, otherwise the
// embedded one under the project's data folder.
import path from 'node:path';
import type { HubConfig } from '../config.ts';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.ts';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'hub';

/** `exclusive`: the hub itself, which refuses a data folder another process owns (see embedded-owner.ts). */
export async function openDatabase(config: HubConfig, log: (line: string) => void = () => undefined, options: { exclusive?: boolean; command?: string } = {}): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, close: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(config.dataDir, 'postgres'),
    port: config.embeddedPgPort,
    log,
    ...options,
  });
  await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
  return { url: server.urlFor(EMBEDDED_DATABASE), embedded: true, close: () => server.stop() };
}
