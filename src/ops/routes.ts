// The operations routes of every hub process (gateway and standalone
// subgraphs): /health (liveness), /ready (readiness) and /metrics.
import { Router } from 'express';
import { RETRY_AFTER_SECONDS } from '../db/unavailable.ts';
import { causeOf, redact } from '../server/format-error.ts';
import { countResponses, metricsRoute, metricsTokenFrom } from './metrics.ts';
import { checkReadiness } from './readiness.ts';

export function opsRouter(options: { remoteSubgraphUrls?: Record<string, string>; log: (line: string) => void }): Router {
  const router = Router();
  router.use(countResponses());
  // Liveness: answering is the whole check. A restart would not bring a lost database back, so none is asked.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const readiness = await checkReadiness(options.remoteSubgraphUrls);
    res.set('Cache-Control', 'no-store');
    if (readiness.ready) {
      res.json({ status: 'ready', checks: readiness.checks });
      return;
    }
    for (const [check, cause] of Object.entries(readiness.causes)) {
      options.log(JSON.stringify({ level: 'error', code: 'NOT_READY', check, message: redact(causeOf(cause)).slice(0, 300) }));
    }
    res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).json({ status: 'unavailable', checks: readiness.checks });
  });
  router.get('/metrics', metricsRoute(metricsTokenFrom()));
  return router;
}
