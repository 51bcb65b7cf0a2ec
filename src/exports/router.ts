// GET /exports/indicators.xlsx and /exports/indicators.csv: the indicator
// report as a spreadsheet for ANALYST tokens. Mounted behind the same token
// verification and request quota as /graphql (src/server/app.ts).
import type { ApolloServer } from '@apollo/server';
import express, { type Request, type Response, type Router } from 'express';
import type { HubContext } from '../graph/context.ts';
import { requestIdentityOf } from '../server/authenticate.ts';
import { requestTraceOf } from '../telemetry/http-spans.ts';
import { toCsv } from './csv.ts';
import { parseExportRequest, type ExportFormat, type ExportRequest } from './export-request.ts';
import { exportTables } from './export-tables.ts';
import { runIndicatorReport } from './run-report.ts';
import { toXlsx } from './xlsx.ts';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const refuse = (res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });

function fileName(request: ExportRequest, format: ExportFormat): string {
  const twoDigits = (month: number) => String(month).padStart(2, '0');
  const period =
    request.quarter !== null
      ? `-Q${request.quarter}`
      : request.month !== null
        ? `-${twoDigits(request.month)}`
        : request.fromMonth !== null && request.toMonth !== null
          ? `-${twoDigits(request.fromMonth)}-${twoDigits(request.toMonth)}`
          : '';
  return `indicators-${request.year}${period}${request.district ? `-${request.district}` : ''}-${request.layout}.${format}`;
}

function download(apollo: ApolloServer<HubContext>, format: ExportFormat) {
  return async (req: Request, res: Response) => {
    const caller = requestIdentityOf(res);
    // Aggregates are open to more roles in the API; a file leaves the hub's audit reach once saved, so only analysts get one.
    if (!caller.identity.roles.includes('ANALYST')) return refuse(res, 403, 'FORBIDDEN', 'Indicator exports are for ANALYST tokens only');
    const parsed = parseExportRequest(req.query as Record<string, unknown>);
    if (!parsed.ok) return refuse(res, 400, 'BAD_USER_INPUT', `${parsed.parameter}: ${parsed.reason}`, { parameter: parsed.parameter });
    // Mounted behind traceRequests (src/server/app.ts): the download's trace id is the report's request id.
    const outcome = await runIndicatorReport(apollo, caller, parsed.request, requestTraceOf(res)!);
    if (!outcome.ok) {
      if (outcome.retryAfter) res.set('Retry-After', outcome.retryAfter);
      return res.status(outcome.status).json({ errors: outcome.errors });
    }
    const generatedAt = new Date();
    const tables = exportTables(outcome.report, parsed.request, format, { generatedAt, unit: caller.identity.unit });
    const body = format === 'xlsx' ? await toXlsx(tables, generatedAt) : toCsv(tables[0]!);
    res
      .status(200)
      .set({ 'Content-Type': CONTENT_TYPES[format], 'Content-Disposition': `attachment; filename="${fileName(parsed.request, format)}"`, 'Cache-Control': 'no-store' })
      .send(body);
  };
}

export function exportsRouter(apollo: ApolloServer<HubContext>): Router {
  const router = express.Router();
  router.get('/indicators.xlsx', download(apollo, 'xlsx'));
  router.get('/indicators.csv', download(apollo, 'csv'));
  return router;
}
