// A Hive Gateway plugin applying the built-in gateway's query limits
// (src/server/limits.ts) at the edge: at most LIMITS.tokens lexical tokens
// (the parser stops there), and the depth, alias and estimated-cost rules in
// validation, against the schema Hive serves. A request past one is answered
// 400 with the built-in gateway's message before any subgraph is asked (the
// subgraphs apply the same limits to what reaches them).
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError, parse } from 'graphql';
import { LIMIT_RULES, LIMITS } from '../../src/server/limits.ts';

/** The codes of a document refused before it ran: the built-in gateway (Apollo Server) answers these 400. */
const REFUSED_UNRUN = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

export function queryLimitsPlugin(): GatewayPlugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parse(source, { ...options, maxTokens: LIMITS.tokens }));
    },
    onValidate({ addValidationRule }) {
      for (const rule of LIMIT_RULES) addValidationRule(rule);
    },
    // Hive answers a document it could not parse or validate 200 when the client accepts
    // application/json (GraphQL over HTTP allows that, and Hive marks such errors so); 400 here, as the built-in gateway.
    onExecutionResult({ result }) {
      if (!result || Array.isArray(result) || Symbol.asyncIterator in result || 'data' in result) return;
      for (const error of result.errors ?? []) {
        if (!(error instanceof GraphQLError) || !REFUSED_UNRUN.has(String(error.extensions.code))) continue;
        Object.assign(error.extensions, { http: { ...(error.extensions.http as object | undefined), spec: false, status: 400 } });
      }
    },
  };
}
