// A Hive Gateway plugin giving the errors of an answer the built-in gateway's
// form (src/server/format-error.ts, the same function): codes outside the hub's
// closed set become "Internal error; quote request id <id> when reporting it"
// with the request id in `extensions.requestId`, a subgraph's
// SERVICE_UNAVAILABLE carries it too, and the log gets the cause under that
// id. The request id is the trace id request-trace.ts establishes, the one the
// subgraphs audit and log under. Without it Hive passes a subgraph's masked
// error on with the subgraph's name added, and answers its own failures
// "Unexpected error." with no id to quote.
import type { GatewayConfig, GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';
import { formatError } from '../../src/server/format-error.ts';
import { requestIdOf } from './request-trace.ts';

/** What Hive's masking replaced, by the error it put in its place: the log is told the cause. */
const causes = new WeakMap<GraphQLError, unknown>();

const isOriginalGraphQLError = (error: unknown): boolean =>
  error instanceof GraphQLError && (error.originalError == null || isOriginalGraphQLError(error.originalError));

/**
 * Hive's masking of unexpected failures (GraphQL Yoga's rule: an error that
 * is not a GraphQLError of its own becomes "Unexpected error."), remembering
 * the cause for the plugin below. Errors outside execution are masked here
 * too and answered as Hive answers them.
 */
export const maskedErrors: NonNullable<Exclude<GatewayConfig['maskedErrors'], boolean>> = {
  maskError(error: unknown, message: string) {
    if (isOriginalGraphQLError(error)) return error as GraphQLError;
    const located = error instanceof GraphQLError ? error : undefined;
    const masked = new GraphQLError(message, {
      nodes: located?.nodes, source: located?.source, positions: located?.positions, path: located?.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(located?.extensions?.http ? { http: located.extensions.http } : {}) },
    });
    causes.set(masked, located?.originalError ?? error);
    return masked;
  },
};

function formatted(error: GraphQLError, requestId: string | undefined, log: (line: string) => void, hideSchemaHints: boolean): GraphQLError {
  const cause = causes.get(error);
  const json = error.toJSON();
  const result = formatError(cause ? { ...json, message: String((cause as Error)?.message ?? cause) } : json, requestId, log, { hideSchemaHints }, cause ?? error);
  // Passed through as it was: kept as it is (its locations, and an HTTP status Hive gave it).
  if (result.message === error.message && result.extensions?.requestId === undefined) return error;
  return new GraphQLError(result.message, {
    path: result.path,
    extensions: result.extensions,
    ...(result.locations && { nodes: error.nodes, source: error.source, positions: error.positions }),
  });
}

export function errorFormatPlugin(log: (line: string) => void, options: { hideSchemaHints: boolean }): GatewayPlugin {
  return {
    onExecutionResult({ request, result, setResult }) {
      if (!result || Array.isArray(result) || Symbol.asyncIterator in result || !result.errors?.length) return;
      const requestId = requestIdOf(request);
      setResult({ ...result, errors: result.errors.map((error) => (error instanceof GraphQLError ? formatted(error, requestId, log, options.hideSchemaHints) : error)) });
    },
  };
}
