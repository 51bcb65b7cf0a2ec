// A small stand-in for the Labor Affairs Bureau's referral API, which the
// demo starts: GET /api/v1/referrals?updated_since=&page=&page_size= returns
// { items, next_page } in the agency's field names, from the schema
// agency_labor that demo.ts fills. `failures` makes it answer 503 that many
// times first, as an overloaded agency server does.
import http from 'node:http';
import pg from 'pg';

export interface AgencyApi {
  url: string;
  stop(): Promise<void>;
}

export async function startLaborAgencyApi(databaseUrl: string, options: { port?: number; failures?: number } = {}): Promise<AgencyApi> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let failuresLeft = options.failures ?? 0;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/v1/referrals') {
      res.writeHead(404).end();
      return;
    }
    if (failuresLeft > 0) {
      failuresLeft--;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
      return;
    }
    const since = url.searchParams.get('updated_since') ?? '1970-01-01T00:00:00Z';
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const size = Math.min(500, Math.max(1, Number(url.searchParams.get('page_size') ?? 100)));
    try {
      const { rows } = await pool.query<{ item: unknown }>(
        `SELECT item FROM agency_labor.referral_item WHERE modified_at > $1::timestamptz ORDER BY modified_at, case_no LIMIT $2 OFFSET $3`,
        [since, size + 1, (page - 1) * size],
      );
      const items = rows.slice(0, size).map((r) => r.item);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items, next_page: rows.length > size ? page + 1 : null }));
    } catch {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
