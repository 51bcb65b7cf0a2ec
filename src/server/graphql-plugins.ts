// Apollo Server plugins shared by the gateway and standalone subgraphs.
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { missingPurposeError, needsPurpose } from '../auth/purpose-required.ts';
import { auditFailure, auditRequest, operationNameOf } from '../audit/audit-writer.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, serviceUnavailable, SERVICE_UNAVAILABLE } from '../db/unavailable.ts';
import type { HubContext } from '../graph/context.ts';

/** Refuses person-level operations without a declared purpose, before any resolver runs. */
export function purposePlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue, request }) {
          if (operation && !contextValue.viewer.purpose && needsPurpose(document, operation, request.variables)) throw missingPurposeError();
        },
      };
    },
  };
}

/** Tags each error with the request id so formatError can quote it to the client and the log. */
export function requestIdPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) Object.assign(error, { requestId: contextValue.requestId });
        },
      };
    },
  };
}

/**
 * The request's one audit entry is written before the response leaves, or
 * nothing leaves. At the gateway it covers every subgraph fetch run in this
 * process (they add what they read to the request's log); a subgraph served
 * on its own writes the entry of each fetch it answers.
 */
export function auditPlugin(format: (error: GraphQLError, requestId: string) => GraphQLFormattedError): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response }) {
          try {
            await auditRequest(contextValue, { name: operationNameOf(operation ?? undefined), isMutation: operation?.operation === 'mutation' });
          } catch (error) {
            // Apollo has formatted the errors already by now, so the refusal is formatted here (cause logged, not sent).
            const refusal = isDatabaseUnavailable(error) ? serviceUnavailable() : auditFailure(error);
            if (response.body.kind === 'single') response.body.singleResult = { errors: [format(refusal, contextValue.requestId)] };
          }
          // Here rather than in a plugin of its own: Apollo runs the plugins' hooks side by side,
          // and the status must follow the body the audit step may have replaced.
          askToRetryWhenUnavailable(response);
        },
      };
    },
  };
}

/**
 * An answer that could not be given because the database cannot answer now
 * is HTTP 503 with Retry-After, so clients and load balancers back off and
 * retry instead of taking it for an answer.
 */
function askToRetryWhenUnavailable(response: GraphQLResponse): void {
  const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
  if (!errors?.some((error) => error.extensions?.code === SERVICE_UNAVAILABLE)) return;
  response.http.status = 503;
  response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
}
