// `npm run bench:authorization`: what authorization costs. Runs the same
// operations against the core subgraph with and without it — graphql-shield
// on the root fields and the field policy — (no HTTP, no audit write) and
// prints median times. Needs a seeded city:
// DATABASE_URL, or the embedded database `npm start` seeds.
import { graphql, type GraphQLSchema } from 'graphql';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { CliError, runCli } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../src/db/prisma.ts';
import type { UnitCode } from '../src/domain/codes.ts';
import { createContext } from '../src/graph/context.ts';
import { allSubgraphs } from '../src/gateway/subgraphs.ts';
import { buildUnguardedCoreSchema } from '../src/graph/schema.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

const FAMILY_VIEW = `query ($id: ID!) { family(id: $id) {
  id address district { code } members { relationship person { id name nationalId birthDate address sex } }
  cases { kind status riskLevel openedOn ownerUnit { code } leadWorker { name } contactCount contacts { kind contactedOn } }
  referrals { status reason fromUnit { code } toUnit { code } } servingUnits { unit { code } involvement since } } }`;
// 1,000 persons in one list: as the gateway asks a subgraph for them (nodes takes at most 100 ids).
const LIST = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name nationalId birthDate address sex } } }`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(schema: GraphQLSchema, source: string, variableValues: Record<string, unknown>, unit: UnitCode): Promise<number> {
  const contextValue = createContext({
    identity: { sub: 'bench', unit, org: null, districts: [], roles: ['CASEWORKER'], purpose: 'CASE_WORK' },
    purpose: 'CASE_WORK',
    credentials: { authorization: undefined, purpose: undefined },
  });
  const started = performance.now();
  const result = await graphql({ schema, source, variableValues, contextValue });
  const elapsed = performance.now() - started;
  if (result.errors?.some((e) => e.extensions?.code !== 'FORBIDDEN')) throw new Error(result.errors[0]!.message);
  return elapsed;
}

/** The core subgraph as the hub serves it: shield rules on its root fields, the policy on every field. */
const coreSchema = allSubgraphs().find((s) => s.name === 'core')!.schema;

async function compare(label: string, source: string, variables: Record<string, unknown>, unguarded: GraphQLSchema, unit: UnitCode = 'SOCIAL') {
  for (let i = 0; i < 5; i++) {
    await time(unguarded, source, variables, unit);
    await time(coreSchema, source, variables, unit);
  }
  const without: number[] = [];
  const withPolicy: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    without.push(await time(unguarded, source, variables, unit));
    withPolicy.push(await time(coreSchema, source, variables, unit));
  }
  const a = median(without);
  const b = median(withPolicy);
  process.stdout.write(`${label.padEnd(52)} without ${a.toFixed(1).padStart(7)} ms   with ${b.toFixed(1).padStart(7)} ms   ratio ${(b / a).toFixed(2)}×\n`);
}

await runCli(async () => {
  const db = await openDatabase(readConfig());
  connectPrisma(db.url);
  try {
    const unguarded = buildUnguardedCoreSchema();
    const served = await prisma().case.findFirst({ where: { ownerUnitCode: 'SOCIAL', status: 'OPEN' }, orderBy: { id: 'asc' } });
    if (!served) throw new CliError('No demo city found: run `npm start` once or `npm run seed` first');
    const persons = await prisma().person.findMany({ select: { id: true }, orderBy: { id: 'asc' }, take: 1000 });
    const representations = persons.map((p) => ({ __typename: 'Person', id: encodeGlobalID('Person', p.id) }));
    process.stdout.write(`Authorization overhead, median of ${ROUNDS} rounds (caseworker of the unit shown):\n`);
    await compare('SOCIAL: family view, a family it serves', FAMILY_VIEW, { id: encodeGlobalID('Family', served.familyId) }, unguarded);
    await compare('SOCIAL: family view, a family it does not serve', FAMILY_VIEW, { id: encodeGlobalID('Family', served.familyId + 1) }, unguarded);
    await compare('PROTECTION: 1,000 persons (allowed, address masked)', LIST, { r: representations }, unguarded, 'PROTECTION');
    await compare('SOCIAL: 1,000 persons (national ID denied on each)', LIST, { r: representations }, unguarded);
  } finally {
    await disconnectPrisma();
    await db.close();
  }
});
