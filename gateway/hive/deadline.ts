// A Hive Gateway plugin giving each request to /graphql the built-in
// gateway's deadline (HUB_REQUEST_DEADLINE_MS, src/server/deadline.ts): a
// request not answered by then gets 503 SERVICE_UNAVAILABLE with Retry-After
// and the same body, and the log line under its request id. The request goes
// on running (a mutation may still commit, which is what idempotency keys
// are for: idempotency.ts keeps its answer for the retry); its late answer is dropped.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { deadlinePassed } from '../../src/server/deadline.ts';
import { GRAPHQL_PATH } from './edge-identity.ts';
import { requestIdOf } from './request-trace.ts';

export function deadlinePlugin(deadlineMs: number, log: (line: string) => void): GatewayPlugin {
  return {
    onRequest({ request, url, requestHandler, setRequestHandler, fetchAPI }) {
      if (url.pathname !== GRAPHQL_PATH) return;
      setRequestHandler((req, serverContext) => {
        let timer: NodeJS.Timeout | undefined;
        const passed = new Promise<Response>((resolve) => {
          timer = setTimeout(() => {
            const answer = deadlinePassed(deadlineMs, requestIdOf(request));
            log(answer.logLine);
            resolve(fetchAPI.Response.json(answer.body, { status: answer.status, headers: answer.headers }));
          }, deadlineMs);
          timer.unref();
        });
        const answered = Promise.resolve(requestHandler(req, serverContext));
        return Promise.race([answered, passed]).finally(() => clearTimeout(timer));
      });
    },
  };
}
