// The HTTP face: explorer from local assets, health, error masking.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { causeOf, redact } from '../../src/server/format-error.ts';
import { SOCIAL_WORKER, startTestHub, type TestHub } from '../support/test-hub.ts';

describe('HTTP server', () => {
  let hub: TestHub;
  let base: string;
  beforeAll(async () => {
    hub = await startTestHub();
    base = hub.server.url.replace(/\/graphql$/, '');
  });
  afterAll(() => hub.stop());

  it('serves the explorer page and its scripts from local packages', async () => {
    const page = await fetch(`${base}/`);
    const html = await page.text();
    expect(page.status).toBe(200);
    const assets = [...html.matchAll(/(?:src|href)="(\/explorer\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(4);
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    for (const asset of assets) {
      const response = await fetch(`${base}${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect((await response.text()).length).toBeGreaterThan(1000);
    }
  });

  it('answers the liveness and readiness checks', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    // Readiness may lag a cold process on a loaded machine (each check has 2 s): it must become ready, and say so whole.
    let ready: unknown;
    for (let tries = 0; tries < 10; tries++) {
      ready = await (await fetch(`${base}/ready`)).json();
      if ((ready as { status: string }).status === 'ready') break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(ready).toEqual({ status: 'ready', checks: { database: 'up', migrations: 'up', queue: 'up' } });
  });

  it('keeps CSRF prevention on for simple requests', async () => {
    const headers = await hub.auth.headers(SOCIAL_WORKER);
    const response = await fetch(`${hub.server.url}?query=${encodeURIComponent('{ districts { code } }')}`, { headers });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });

  it('masks errors outside the closed set of codes: no stack trace, no internal message, a request id', async () => {
    // A fault inside the hub: the table behind `districts` has gone.
    await prisma().$executeRawUnsafe('ALTER TABLE core.district RENAME TO district_gone');
    let response: Awaited<ReturnType<TestHub['query']>>;
    try {
      response = await hub.query('{ districts { code } }');
    } finally {
      await prisma().$executeRawUnsafe('ALTER TABLE core.district_gone RENAME TO district');
    }
    expect(response.data).toEqual({ districts: null });
    const [error] = response.errors ?? [];
    expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error?.message).toMatch(/^Internal error; quote request id [0-9a-f]{32} when reporting it$/);
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|district_gone|does not exist|node_modules/);
    const logged = hub.logLines.find((line) => line.includes(String(error?.extensions?.requestId)));
    expect(logged).toMatch(/does not exist/);
  });

  it('logs the cause of a Prisma error, not its code frame, whatever the install path', () => {
    const deepPath = `/${'very-long-folder/'.repeat(20)}src/graph/types/reference.ts:67:43`;
    const message = `\nInvalid \`prisma().district.findMany()\` invocation in\n${deepPath}\n\n  64 districts: t.prismaField({\n→ 67   resolve: (query) => prisma().district.findMany(\n\nThe table \`core.district\` does not exist in the current database.`;
    expect(causeOf(message)).toBe('prisma().district.findMany(): The table `core.district` does not exist in the current database.');
    expect(causeOf('plain message')).toBe('plain message');
  });

  it('redacts national IDs and long numbers from logged messages', () => {
    expect(redact('duplicate key A123456789 for person 12345678')).toBe('duplicate key [redacted] for person [redacted]');
  });
});
