// /health is liveness (200 while the process serves, no database call);
// /ready is readiness: the database, the migrations, the job queue and every
// remote subgraph, each named in the answer, with no URL or error text.
// A remote subgraph run as its own process is stopped and started again.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditKey } from '../../src/audit/audit-key.ts';
import { cohortKey } from '../../connectors/kit/cohort.ts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportSPKI } from 'jose';
import { prisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { watchJobRunner } from '../../src/ops/readiness.ts';
import { startHubServer, type HubServer } from '../../src/server/app.ts';
import { freePort } from '../support/free-port.ts';
import { startSubgraphProcess as startSubgraph } from '../support/subgraph-process.ts';
import { AUDIENCE, ISSUER } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

async function startSubgraphProcess(name: string, port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return (await startSubgraph(name, env, { port })).child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

describe('/health and /ready', () => {
  let hub: TestHub;
  let gateway: HubServer;
  let folder: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let welfare: ChildProcess | undefined;
  const logLines: string[] = [];
  const get = async (server: HubServer, route: string) => {
    const response = await fetch(server.url.replace(/\/graphql$/, route));
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text, body: JSON.parse(text) as { status: string; checks?: Record<string, string> } };
  };

  beforeAll(async () => {
    hub = await startTestHub();
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-ready-'));
    const keyFile = path.join(folder, 'public.pem');
    await writeFile(keyFile, await exportSPKI(hub.auth.settings.keys as CryptoKey));
    env = { DATABASE_URL: hub.db.url, HUB_JWT_PUBLIC_KEY_FILE: keyFile, HUB_JWT_ISSUER: ISSUER, HUB_JWT_AUDIENCE: AUDIENCE, NODE_ENV: 'test', HUB_DATA_DIR: folder,
      // A subgraph never makes keys of its own: the deployment's (this process's) are given to it.
      HUB_COHORT_KEY: cohortKey().toString('hex'), HUB_AUDIT_KEY: auditKey().toString('hex') };
    port = await freePort();
    welfare = await startSubgraphProcess('welfare-subsidies', port, env);
    gateway = await startHubServer({
      subgraphs: allSubgraphs(),
      auth: hub.auth.settings,
      port: 0,
      log: (line) => logLines.push(line),
      persistedOperationsOnly: false,
      remoteSubgraphUrls: { 'welfare-subsidies': `http://127.0.0.1:${port}/graphql` },
    });
  }, 120_000);
  afterAll(async () => {
    if (welfare) await stopProcess(welfare);
    await gateway?.stop();
    await hub.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('is ready with every check named when all answer', async () => {
    // As a load balancer does, asked again while not ready: under the full suite's load a first check on a cold
    // pool outlasted its 2 s limit once (every database check down at once, the subgraph up).
    for (let attempt = 1; attempt < 5 && (await get(gateway, '/ready')).status !== 200; attempt++) await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await get(gateway, '/ready')).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { database: 'up', migrations: 'up', queue: 'up', 'subgraph:welfare-subsidies': 'up' } },
    });
    // A hub without remote subgraphs checks no subgraph.
    expect((await get(hub.server, '/ready')).body.checks).toEqual({ database: 'up', migrations: 'up', queue: 'up' });
    expect(await get(gateway, '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('names a stopped remote subgraph, without its URL, and is ready again once it is back', async () => {
    await stopProcess(welfare!);
    const down = await get(gateway, '/ready');
    expect(down).toMatchObject({ status: 503, retryAfter: '5', body: { status: 'unavailable', checks: { database: 'up', 'subgraph:welfare-subsidies': 'down' } } });
    expect(down.text).not.toMatch(/127\.0\.0\.1|localhost|http|ECONN|fetch/i);
    expect(logLines.some((line) => line.includes('NOT_READY') && line.includes('subgraph:welfare-subsidies'))).toBe(true);
    // Liveness does not follow dependencies.
    expect((await get(gateway, '/health')).status).toBe(200);
    welfare = await startSubgraphProcess('welfare-subsidies', port, env);
    expect(await get(gateway, '/ready')).toMatchObject({ status: 200, body: { checks: { 'subgraph:welfare-subsidies': 'up' } } });
  }, 90_000);

  it('is not ready while a migration this build ships is not applied', async () => {
    const [last] = await prisma().$queryRaw<{ name: string; checksum: string }[]>`SELECT name, checksum FROM public.hub_migrations ORDER BY name DESC LIMIT 1`;
    await prisma().$executeRaw`DELETE FROM public.hub_migrations WHERE name = ${last!.name}`;
    try {
      expect(await get(hub.server, '/ready')).toMatchObject({ status: 503, body: { checks: { database: 'up', migrations: 'down', queue: 'up' } } });
    } finally {
      await prisma().$executeRaw`INSERT INTO public.hub_migrations (name, checksum) VALUES (${last!.name}, ${last!.checksum})`;
    }
    expect((await get(hub.server, '/ready')).status).toBe(200);
  });

  it("is not ready while the job queue's schema cannot be reached, or this process's job runner has ended", async () => {
    await prisma().$executeRawUnsafe('ALTER SCHEMA graphile_worker RENAME TO graphile_worker_gone');
    try {
      expect(await get(hub.server, '/ready')).toMatchObject({ status: 503, body: { checks: { database: 'up', queue: 'down' } } });
    } finally {
      await prisma().$executeRawUnsafe('ALTER SCHEMA graphile_worker_gone RENAME TO graphile_worker');
    }
    let crash!: (error: Error) => void;
    const unwatch = watchJobRunner(new Promise((_resolve, reject) => (crash = reject)));
    try {
      expect((await get(hub.server, '/ready')).status).toBe(200);
      crash(new Error('the runner lost its connection'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(await get(hub.server, '/ready')).toMatchObject({ status: 503, body: { checks: { queue: 'down' } } });
    } finally {
      unwatch();
    }
    expect((await get(hub.server, '/ready')).status).toBe(200);
  });
});
