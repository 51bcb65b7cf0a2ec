// The load generator, run as a child process so that its CPU is not counted
// as the servers'. Reads one job from the parent over IPC, drives autocannon
// (each connection one client with one request in flight, all clients taking
// the next family id in turn), and answers with the counts and latencies.
import autocannon from 'autocannon';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  /** One request body per family id, in the order clients take them. */
  bodies: string[];
  connections: number;
  seconds: number;
  /** A 200 whose body does not match this pattern (a RegExp source) counts as a failed request. */
  expect: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  failed: number;
  non2xx: number;
  errors: number;
  unexpectedBodies: number;
}

function run(job: LoadJob): Promise<LoadResult> {
  let next = 0;
  let unexpectedBodies = 0;
  const expected = new RegExp(job.expect);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: job.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...job.headers },
        connections: job.connections,
        pipelining: 1,
        duration: job.seconds,
        timeout: 60,
        requests: [
          {
            setupRequest: (request) => ({ ...request, body: job.bodies[next++ % job.bodies.length] }),
            onResponse: (status, body) => {
              if (status === 200 && !expected.test(body)) unexpectedBodies++;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        // Timeouts are counted among errors already.
        const failed = result.non2xx + result.errors + unexpectedBodies;
        resolve({
          requests: result.requests.total,
          seconds: result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          failed,
          non2xx: result.non2xx,
          errors: result.errors,
          unexpectedBodies,
        });
      },
    );
  });
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
  );
});
