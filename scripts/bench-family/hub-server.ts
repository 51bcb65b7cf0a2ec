// The hub as `npm start` serves it — gateway and every subgraph in this
// process, token verification, shield rules, field policy, audit — with its
// own signing key, so the benchmark mints the caseworker's token itself.
import { generateKeyPair, SignJWT } from 'jose';
import { requestTimeoutsFrom } from '../../src/config.ts';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startHubServer } from '../../src/server/app.ts';

export interface BenchHub {
  url: string;
  /** Headers of the SOCIAL caseworker declaring CASE_WORK. */
  headers: Record<string, string>;
  stop(): Promise<void>;
}

const ISSUER = 'bench-family-idp';
const AUDIENCE = 'safety-net-hub';
// Far above the load: the benchmark measures serving, not the per-subject quota.
const UNLIMITED = { requestsPerMinute: 100_000_000, costPerMinute: 1_000_000_000_000 };

export async function startBenchHub(databaseUrl: string, log: (line: string) => void): Promise<BenchHub> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  connectPrisma(databaseUrl, { timeouts: requestTimeoutsFrom() });
  const server = await startHubServer({
    subgraphs: allSubgraphs(),
    auth: { issuer: ISSUER, audience: AUDIENCE, keys: publicKey, development: false },
    port: 0,
    log,
    persistedOperationsOnly: false,
    explorer: false,
    quotas: UNLIMITED,
    databaseUrl,
  });
  const token = await new SignJWT({ unit: 'SOCIAL', roles: ['CASEWORKER'], districts: [] })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject('w-bench-family')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(privateKey);
  return {
    // It listens on IPv4; "localhost" may resolve to ::1 first.
    url: server.url.replace('//localhost:', '//127.0.0.1:'),
    headers: { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'CASE_WORK' },
    async stop() {
      await server.stop();
      await disconnectPrisma();
    },
  };
}
