// The benchmark's own database: a fresh one on the server of
// BENCH_DATABASE_URL / DATABASE_URL / TEST_DATABASE_URL, or on an embedded
// PostgreSQL in a temporary folder; migrated, seeded with the demo city and
// with every connector's demo source synced, as `npm start` does on a first start.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectors } from '../../connectors/registry.ts';
import { migrate } from '../../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { runAdminStatement } from '../../src/db/admin-statement.ts';

export interface BenchDatabase {
  url: string;
  /** The server runs on this machine, so its backends' CPU can be read from /proc. */
  local: boolean;
  summary: string;
  drop(): Promise<void>;
}

const DATABASE = 'hub_bench_family';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function createBenchDatabase(scale: number): Promise<BenchDatabase> {
  const tempDirs: string[] = [];
  const configured = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  let server: string;
  let stopServer: () => Promise<void> = async () => undefined;
  if (configured) {
    server = configured;
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-family-pg-'));
    tempDirs.push(dataDir);
    // Run as root, initdb runs as the postgres user, which must reach the folder mkdtemp made private.
    await chmod(dataDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port: await freePort(), ephemeral: true }).catch(async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
    server = embedded.adminUrl;
    stopServer = () => embedded.stop();
  }
  const url = new URL(server);
  url.pathname = `/${DATABASE}`;
  const databaseUrl = url.toString();
  const dropFolder = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-family-drops-'));
  tempDirs.push(dropFolder);
  process.env.HUB_WELFARE_DROP_DIR = dropFolder;

  const drop = async () => {
    try {
      if (configured && process.env.BENCH_KEEP_DATABASE !== '1') await runAdminStatement(server, `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    } finally {
      await stopServer();
      for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
    }
  };
  try {
    await runAdminStatement(server, `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await runAdminStatement(server, `CREATE DATABASE "${DATABASE}"`);
    await migrate(databaseUrl);
    const city = await seedDemoCity(databaseUrl, { scale, seed: 2023 });
    for (const connector of connectors) await connector.generateDemoSource(databaseUrl);
    // The first sync is a batch job, run like npm start runs it: without the request timeouts.
    connectPrisma(databaseUrl);
    try {
      for (const connector of connectors) await connector.sync(databaseUrl);
    } finally {
      await disconnectPrisma();
    }
    // Fresh statistics, as a database that has run for a while would have.
    await runAdminStatement(databaseUrl, 'ANALYZE');
    const host = url.hostname;
    return {
      url: databaseUrl,
      local: ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host),
      summary: `${configured ? `PostgreSQL at ${host}:${url.port || 5432}` : 'embedded PostgreSQL'}, database ${DATABASE}: demo city at scale ${scale}, ${city.persons.toLocaleString('en-US')} persons in ${city.families.toLocaleString('en-US')} families, ${connectors.length} connectors synced`,
      drop,
    };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
