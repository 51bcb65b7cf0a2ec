// The load generator, run as a child process so that its CPU is not counted
// as the servers'. Reads one job from the parent over IPC, drives autocannon
// (each connection one client with one request in flight, all clients taking
// the next family id in turn), and answers with the counts and latencies.
import autocannon from 'autocannon';
import { emptyOutcomes, failedOf, recordAnswer, recordNetworkError, succeededOf, type Outcomes } from '../bench-support/request-outcomes.ts';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  /** One request body per family id, in the order clients take them. */
  bodies: string[];
  connections: number;
  seconds: number;
  /** A 2xx whose body does not match this pattern (a RegExp source) counts as a failed request. */
  expect: string;
}

export interface LoadResult {
  /** Answers received, failed ones included. */
  requests: number;
  /** Answers that succeeded: a 2xx without GraphQL errors whose body matched `expect`. */
  succeeded: number;
  /** Failed answers (429, 503, any non-2xx, errors, an unexpected body) and requests without an answer. */
  failed: number;
  seconds: number;
  /** Latencies of every answer, failed ones included (autocannon keeps one histogram). */
  p50: number;
  p99: number;
  outcomes: Outcomes;
}

function run(job: LoadJob): Promise<LoadResult> {
  let next = 0;
  const outcomes = emptyOutcomes();
  const expected = new RegExp(job.expect);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
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
              recordAnswer(outcomes, status, body, expected);
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          succeeded: succeededOf(outcomes),
          failed: failedOf(outcomes),
          seconds: result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          outcomes,
        });
      },
    );
    // Connection errors and timeouts alike.
    instance.on('reqError', (error: NodeJS.ErrnoException) => recordNetworkError(outcomes, error.code));
  });
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
  );
});
