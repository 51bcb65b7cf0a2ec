// The figures of an export are the API's own answer: the dashboard's
// persisted DashboardReport operation, run through the hub's gateway with
// the caller's verified identity and forwarded token. Authorization,
// suppression, quotas on cost and the audit entry apply as to any request.
import type { Context as TraceContext } from '@opentelemetry/api';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestIdentity } from '../auth/request-identity.ts';
import { DashboardReportDocument, type DashboardReportQuery, type DashboardReportQueryVariables } from '../client/graphql.ts';
import { createContext, type HubContext } from '../graph/context.ts';
import type { ExportRequest } from './export-request.ts';
import type { IndicatorReportAnswer } from './indicator-table.ts';

export type ReportOutcome =
  | { ok: true; report: IndicatorReportAnswer }
  | { ok: false; status: number; retryAfter: string | undefined; errors: GraphQLFormattedError[] };

const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  UPSTREAM_UNAVAILABLE: 502,
};

/** `trace`: the download's own trace (src/telemetry/http-spans.ts); its id is the report's request id, as for /graphql. */
export async function runIndicatorReport(
  apollo: ApolloServer<HubContext>,
  caller: RequestIdentity,
  request: ExportRequest,
  trace: { traceId: string; context: TraceContext },
): Promise<ReportOutcome> {
  const response = await apollo.executeOperation<DashboardReportQuery, DashboardReportQueryVariables>(
    { query: DashboardReportDocument, operationName: 'DashboardReport', variables: { year: request.year, quarter: request.quarter, month: request.month, fromMonth: request.fromMonth, toMonth: request.toMonth, district: request.district } },
    { contextValue: { ...createContext(caller, trace.traceId), trace: trace.context } },
  );
  if (response.body.kind !== 'single') return failure(500, undefined, []);
  const { data, errors } = response.body.singleResult;
  const retryAfter = response.http.headers.get('retry-after');
  // A sheet with a section missing would read as a complete report: any error and there is no file.
  if (errors?.length) {
    const code = String(errors[0]!.extensions?.code ?? '');
    return failure(STATUS_BY_CODE[code] ?? 500, retryAfter, errors);
  }
  if (!data?.indicatorReport) return failure(500, retryAfter, []);
  return { ok: true, report: data.indicatorReport };
}

function failure(status: number, retryAfter: string | undefined, errors: readonly GraphQLFormattedError[]): ReportOutcome {
  const shown = errors.length ? errors.map(({ message, extensions }) => ({ message, extensions })) : [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
  return { ok: false, status, retryAfter, errors: shown };
}
