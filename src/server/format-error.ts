// Clients see only the closed set of codes (plus GraphQL's own parse and
// validation errors). Everything else becomes a generic message carrying the
// request id, and the log gets the detail without personal data.
import { TOO_LARGE_ANSWER } from './body-limit.ts';
import type { ErrorRequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { causeMessage, isDatabaseUnavailable, serviceUnavailable, SERVICE_UNAVAILABLE } from '../db/unavailable.ts';
import { ERROR_CODES } from '../graph/errors.ts';
import { requestTraceOf } from '../telemetry/http-spans.ts';

/** The codes clients may see as they are (metrics count errors by these, src/ops/metrics.ts). */
export const PASSED_THROUGH = new Set<string>([
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  // HTTP-level refusals of the gateway (quotas.ts, idempotency.ts): not mutation outcomes, so not in ERROR_CODES.
  'RATE_LIMITED',
  'CONFLICT',
  // A subgraph refused the credentials the gateway forwarded (src/gateway/data-sources.ts).
  'UPSTREAM_AUTHENTICATION_FAILED',
]);

// National IDs and long digit runs are the personal data most likely to end
// up inside a database error message.
const PERSONAL_PATTERNS = [/[A-Z][A-Z0-9]\d{8}/gi, /\d{6,}/g];

export function redact(text: string): string {
  return PERSONAL_PATTERNS.reduce((result, pattern) => result.replace(pattern, '[redacted]'), text);
}

/**
 * Prisma's messages open with the call site and a code frame (file paths,
 * source lines) and end with the cause. The log keeps the call and the cause,
 * so the cause survives the length cap whatever the install path.
 */
export function causeOf(message: string): string {
  const paragraphs = message.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  const call = /^Invalid `([^`]+)` invocation/.exec(paragraphs[0] ?? '');
  if (!call || paragraphs.length < 2) return message;
  return `${call[1]}: ${paragraphs[paragraphs.length - 1]!.replace(/\s+/g, ' ')}`;
}

function logged(message: string): string {
  return redact(causeOf(message)).slice(0, 300);
}

/**
 * Schema hints in messages ("Did you mean …?") tell an attacker field and
 * enum names. Apollo's hideSchemaDetailsFromClientErrors removes them from
 * validation errors but not from variable coercion errors, so they go here.
 */
function withoutSchemaHints(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

export function formatError(
  formatted: GraphQLFormattedError,
  requestId: string | undefined,
  log: (line: string) => void,
  options: { hideSchemaHints: boolean } = { hideSchemaHints: true },
  original?: unknown,
): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : 'INTERNAL_SERVER_ERROR';
  if (code === SERVICE_UNAVAILABLE || isDatabaseUnavailable(original)) {
    // The database cannot answer now: the client is told to retry, the log gets the cause.
    const cause = typeof formatted.extensions?.cause === 'string' ? formatted.extensions.cause : causeMessage(original ?? formatted);
    log(JSON.stringify({ level: 'error', requestId, code: SERVICE_UNAVAILABLE, path: formatted.path, message: logged(cause) }));
    const unavailable = serviceUnavailable(formatted.path);
    return { message: unavailable.message, path: formatted.path, extensions: { ...unavailable.extensions, requestId } };
  }
  if (PASSED_THROUGH.has(code)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    const message = options.hideSchemaHints ? withoutSchemaHints(formatted.message) : formatted.message;
    return { ...formatted, message, extensions: { ...extensions, code } };
  }
  log(
    JSON.stringify({
      level: 'error',
      requestId,
      code,
      path: formatted.path,
      message: logged(formatted.message),
    }),
  );
  return {
    message: `Internal error; quote request id ${requestId ?? 'unknown'} when reporting it`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}

/**
 * Express errors outside GraphQL (a body over the size limit, malformed
 * JSON) answer 400 with a code; anything else a generic 500, never a stack.
 */
export function jsonErrors(log: (line: string) => void): ErrorRequestHandler {
  return (error: { type?: string; status?: number; message?: string }, _req, res, _next) => {
    // Routes outside the traced ones (/health, the dashboard's files) have no request id to give.
    const requestId = requestTraceOf(res)?.traceId;
    if (error.type === 'entity.too.large') {
      res.status(400).json(TOO_LARGE_ANSWER);
    } else if (error.status && error.status >= 400 && error.status < 500) {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    } else {
      log(JSON.stringify({ level: 'error', requestId, message: logged(String(error.message ?? error)) }));
      res.status(500).json({ errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  };
}
