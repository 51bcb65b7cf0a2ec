// A tiny HTTP endpoint answering the family view with one hand-written SQL
// statement (queries.ts): POST `{ "id": <family row id> }`, get
// `{ "data": { "family": … } }`. No authorization, no GraphQL: the floor.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { FAMILY_VIEW_SQL } from './queries.ts';

export interface BenchEndpoint {
  url: string;
  stop(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startSqlEndpoint(databaseUrl: string, poolSize: number): Promise<BenchEndpoint> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const send = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const server = http.createServer(async (req, res) => {
    try {
      const { id } = JSON.parse(await readBody(req)) as { id?: unknown };
      if (req.method !== 'POST' || !Number.isInteger(id)) return send(res, 400, '{"errors":[{"message":"POST {\\"id\\": <family row id>}"}]}');
      // A prepared statement, as PostGraphile and Prisma use them.
      const { rows } = await pool.query<{ data: string }>({ name: 'family_view', text: FAMILY_VIEW_SQL, values: [id] });
      send(res, 200, `{"data":${rows[0]!.data}}`);
    } catch (error) {
      send(res, 500, JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/family`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
