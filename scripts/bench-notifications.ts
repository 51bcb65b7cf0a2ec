// `npm run bench:notifications -- [--changes 10000] [--concurrency 8] [--latency-events 300] [--scale 0.01]`:
// notification fan-out (issue 15's "Measure").
//
// On a fresh database (BENCH_DATABASE_URL / DATABASE_URL / TEST_DATABASE_URL,
// else the embedded PostgreSQL) holding the demo city, with one webhook per
// unit pointing at a receiver on localhost:
//   1. a burst of `--changes` changes, `--concurrency` at a time, each one
//      transaction that does what a mutation does for its event: asks who
//      serves the family (need-to-know's rule) and records the event with its
//      recipients, deliveries and delivery jobs (recordEvent); the job runner
//      is stopped meanwhile, so this is the recording alone: events/s;
//   2. the job runner (graphile-worker, as the hub runs it) started on that
//      backlog: deliveries/s until every delivery is made;
//   3. with the runner idle, `--latency-events` single changes, one every
//      50 ms: the delay from the change's COMMIT returning to the receiver
//      having the whole POST, p50 and p95.
// Exit code: 0 when every delivery arrived, 1 otherwise, 2 bad usage.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { CliError, runCli, UsageError } from '../src/cli/run-cli.ts';
import { readConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrator.ts';
import { connectPrisma, disconnectPrisma, prisma } from '../src/db/prisma.ts';
import { seedDemoCity } from '../src/demo-city/seed-demo-city.ts';
import { UNIT_CODES } from '../src/domain/codes.ts';
import { recipientsServing, recordEvent } from '../src/notifications/record-event.ts';
import { encryptSecret, newWebhookSecret } from '../src/notifications/webhook-secret.ts';
import { startNotificationWorker } from '../src/notifications/worker.ts';
import { freshBenchDatabase } from './bench-support/bench-database.ts';

const USAGE = 'usage: npm run bench:notifications -- [--changes 10000] [--concurrency 8] [--latency-events 300] [--scale 0.01]';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { changes: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '8' }, 'latency-events': { type: 'string', default: '300' }, scale: { type: 'string', default: '0.01' } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const changes = Number(args.changes);
  const concurrency = Number(args.concurrency);
  const latencyEvents = Number(args['latency-events']);
  const scale = Number(args.scale);
  if (![changes, concurrency, latencyEvents].every((n) => Number.isSafeInteger(n) && n > 0) || !(scale > 0)) throw new UsageError('every number must be positive');
  // Deliveries are measured without retries getting in the way.
  process.env.HUB_WORKER_CONCURRENCY ??= '20';
  const config = readConfig();
  const db = await freshBenchDatabase('hub_bench_notifications', config);
  const arrived = new Map<string, number>();
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrived.set(String(request.headers['idempotency-key']), performance.now());
      response.statusCode = 204;
      response.end();
    });
  });
  try {
    await migrate(db.url);
    const city = await seedDemoCity(db.url, { scale, seed: 1 });
    connectPrisma(db.url);
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const units = UNIT_CODES.filter((u) => u !== 'NGO');
    const orgs = await prisma().organization.findMany({ select: { id: true } });
    await prisma().webhook.createMany({
      data: [
        ...units.map((unitCode) => ({ unitCode, url: hook, secretEncrypted: encryptSecret(newWebhookSecret()), createdBy: 'bench' })),
        ...orgs.map((o) => ({ organizationId: o.id, url: hook, secretEncrypted: encryptSecret(newWebhookSecret()), createdBy: 'bench' })),
      ],
    });
    const families = (await prisma().case.findMany({ where: { status: 'OPEN' }, select: { familyId: true, id: true } }));
    if (families.length === 0) throw new CliError('the demo city has no open case', 1);
    process.stdout.write(`Demo city: ${city.persons} persons, ${families.length} open cases; ${units.length + orgs.length} webhooks to ${hook}\n`);

    // 1. The burst.
    // Inside a mutation the event rides in the mutation's own transaction: what it adds there is the two statements.
    const added: number[] = [];
    const change = async (i: number) => {
      const target = families[i % families.length]!;
      return prisma().$transaction(async (tx) => {
        const start = performance.now();
        const recipients = await recipientsServing(tx, target.familyId, 'PROTECTION');
        const id = await recordEvent(tx, { kind: 'CASE_OPENED', familyId: target.familyId, record: { type: 'Case', id: target.id }, recipients, actor: { unit: 'PROTECTION', workerId: 'bench' } });
        added.push(performance.now() - start);
        return id;
      });
    };
    let next = 0;
    const burstStart = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < changes) await change(next++);
    }));
    const burstSeconds = (performance.now() - burstStart) / 1000;
    const events = await prisma().notificationEvent.count();
    const recipients = await prisma().notificationRecipient.count();
    const deliveries = await prisma().webhookDelivery.count();
    process.stdout.write(`\n1. Burst: ${changes} changes (${concurrency} at a time, each its own transaction) recorded ${events} events, ${recipients} recipients, ${deliveries} deliveries and their jobs in ${burstSeconds.toFixed(2)} s: ${(changes / burstSeconds).toFixed(0)} changes/s, ${(events / burstSeconds).toFixed(0)} events/s\n`);
    added.sort((a, b) => a - b);
    process.stdout.write(`   time the event adds inside a change's transaction (who serves + record): p50 ${percentile(added, 50).toFixed(1)} ms, p95 ${percentile(added, 95).toFixed(1)} ms\n`);

    // 2. The backlog.
    const drainStart = performance.now();
    const worker = await startNotificationWorker(db.url, { cron: false });
    try {
      while ((await prisma().webhookDelivery.count({ where: { status: 'PENDING' } })) > 0) await sleep(200);
      const drainSeconds = (performance.now() - drainStart) / 1000;
      const dead = await prisma().webhookDelivery.count({ where: { status: 'DEAD' } });
      process.stdout.write(`2. Backlog: ${deliveries} deliveries made in ${drainSeconds.toFixed(2)} s: ${(deliveries / drainSeconds).toFixed(0)} deliveries/s (${dead} dead)\n`);

      // 3. Commit to delivery, one change at a time.
      const committed = new Map<string, number>();
      for (let i = 0; i < latencyEvents; i++) {
        const target = families[i % families.length]!;
        const units = ['LABOR'];
        const id = await prisma().$transaction((tx) => recordEvent(tx, { kind: 'REFERRAL_RECEIVED', familyId: target.familyId, record: { type: 'Referral', id: i + 1 }, recipients: { units }, actor: { unit: 'SOCIAL', workerId: 'bench' } }));
        const at = performance.now();
        const webhook = await prisma().webhook.findFirstOrThrow({ where: { unitCode: 'LABOR' }, select: { id: true } });
        committed.set(`notification-${id}-webhook-${webhook.id}`, at);
        await sleep(50);
      }
      const deadline = Date.now() + 30_000;
      while ([...committed.keys()].some((k) => !arrived.has(k)) && Date.now() < deadline) await sleep(50);
      const delays = [...committed].filter(([k]) => arrived.has(k)).map(([k, at]) => arrived.get(k)! - at).sort((a, b) => a - b);
      const missing = committed.size - delays.length;
      process.stdout.write(`3. Commit → webhook delivery (localhost receiver, ${delays.length} events, one every 50 ms): p50 ${percentile(delays, 50).toFixed(1)} ms, p95 ${percentile(delays, 95).toFixed(1)} ms, max ${delays.at(-1)!.toFixed(1)} ms${missing ? `; ${missing} NOT DELIVERED` : ''}\n`);
      return missing === 0 && dead === 0 ? 0 : 1;
    } finally {
      await worker.stop();
    }
  } finally {
    receiver.close();
    await disconnectPrisma();
    await db.close();
  }
}

await runCli(main, { usage: USAGE });
