// What bench:load and bench:search share: a PostgreSQL server to create the
// benchmark's own database on (BENCH_DATABASE_URL / DATABASE_URL /
// TEST_DATABASE_URL, else the embedded one of the data folder), that
// database made fresh and dropped after, and SOCIAL caseworkers' tokens
// minted with the development key.
import path from 'node:path';
import { mintDevToken } from '../../src/auth/mint-token.ts';
import type { readConfig } from '../../src/config.ts';
import { runAdminStatement } from '../../src/db/admin-statement.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';

type Config = ReturnType<typeof readConfig>;

export interface BenchDatabase {
  /** The benchmark's own database, empty. */
  url: string;
  /** Drops the database (unless BENCH_KEEP_DATABASE=1) and lets go of the server. */
  close(): Promise<void>;
}

/** A fresh database named `name`, on the configured server or the embedded one. */
export async function freshBenchDatabase(name: string, config: Config): Promise<BenchDatabase> {
  const configured = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  const embedded = configured ? null : await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPgPort });
  const adminUrl = configured || embedded!.adminUrl;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await runAdminStatement(adminUrl, `CREATE DATABASE "${name}"`);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    url: url.toString(),
    async close() {
      if (process.env.BENCH_KEEP_DATABASE !== '1') await runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await embedded?.stop();
    },
  };
}

/** `count` SOCIAL caseworkers' tokens (subjects `<prefix>-1`…), valid `ttlSeconds`. */
export function caseworkerTokens(config: Config, prefix: string, count: number, ttlSeconds: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      mintDevToken(
        { sub: `${prefix}-${i + 1}`, unit: 'SOCIAL', org: null, districts: [], roles: ['CASEWORKER'], purpose: null },
        { dataDir: config.dataDir, issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds },
      ),
    ),
  );
}
