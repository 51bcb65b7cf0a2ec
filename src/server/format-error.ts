// Clients see only the closed set of codes (plus GraphQL's own parse and
// validation errors). Everything else becomes a generic message carrying the
// request id, and the log gets the detail without personal data.
import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES } from '../graph/errors.ts';

const PASSED_THROUGH = new Set<string>([
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

// National IDs and long digit runs are the personal data most likely to end
// up inside a database error message.
const PERSONAL_PATTERNS = [/[A-Z][A-Z0-9]\d{8}/gi, /\d{6,}/g];

export function redact(text: string): string {
  return PERSONAL_PATTERNS.reduce((result, pattern) => result.replace(pattern, '[redacted]'), text);
}

export function formatError(formatted: GraphQLFormattedError, requestId: string | undefined, log: (line: string) => void): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : 'INTERNAL_SERVER_ERROR';
  if (PASSED_THROUGH.has(code)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, code } };
  }
  log(
    JSON.stringify({
      level: 'error',
      requestId,
      code,
      path: formatted.path,
      message: redact(formatted.message).slice(0, 300),
    }),
  );
  return {
    message: `Internal error; quote request id ${requestId ?? 'unknown'} when reporting it`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}
