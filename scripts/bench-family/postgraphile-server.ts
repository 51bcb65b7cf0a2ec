// PostGraphile v5 (Amber preset) over the hub's database: the `core` schema
// and the five connector schemas, no authorization, on node:http — the
// comparison the hub's family view is measured against. A dev dependency,
// used by this benchmark only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { BenchEndpoint } from './sql-endpoint.ts';

export const POSTGRAPHILE_SCHEMAS = ['core', 'household', 'welfare', 'education', 'labor', 'probation'];

/**
 * PostGraphile 5 declares Node ≥ 22; on Node 20 the one thing it misses is
 * Promise.withResolvers (Node 22). Installed here, for this benchmark only,
 * before PostGraphile is loaded.
 */
function polyfillPromiseWithResolvers(): void {
  const promise = Promise as PromiseConstructor & { withResolvers?: unknown };
  if (promise.withResolvers) return;
  Object.defineProperty(promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      return { promise, resolve, reject };
    },
  });
}

export async function startPostGraphile(databaseUrl: string, poolSize: number): Promise<BenchEndpoint> {
  polyfillPromiseWithResolvers();
  // Production mode, and no notice about GRAPHILE_ENV on stderr.
  process.env.GRAPHILE_ENV ??= 'production';
  const [{ postgraphile }, { PostGraphileAmberPreset }, { makePgService }, { grafserv }] = await Promise.all([
    import('postgraphile'),
    import('postgraphile/presets/amber'),
    import('postgraphile/adaptors/pg'),
    import('postgraphile/grafserv/node'),
  ]);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const instance = postgraphile({
    extends: [PostGraphileAmberPreset],
    // By default v5 orders and filters only by indexed columns; the view orders small per-family lists by dates.
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    pgServices: [makePgService({ pool, schemas: POSTGRAPHILE_SCHEMAS })],
    grafserv: { graphiql: false, websockets: false },
    grafast: { explain: false },
  });
  const serv = instance.createServ(grafserv);
  const server = http.createServer();
  await serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Releases the server it created too.
      await instance.release();
      await pool.end();
    },
  };
}
