// The database check of /ready (src/ops/readiness.ts): can the database
// answer a trivial statement within a short time? A load balancer takes an
// instance whose database is gone out of rotation instead of sending it requests.
import { prisma } from './prisma.ts';

const CHECK_TIMEOUT_MS = 2_000;

export async function databaseAnswers(): Promise<{ up: boolean; cause?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([prisma().$queryRaw`SELECT 1`, timeout]);
    return { up: true };
  } catch (error) {
    return { up: false, cause: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
