// Apollo Server plugins shared by the gateway and standalone subgraphs.
import type { ApolloServerPlugin } from '@apollo/server';
import { missingPurposeError, needsPurpose } from '../auth/purpose-required.ts';
import type { HubContext } from '../graph/context.ts';

/** Refuses person-level operations without a declared purpose, before any resolver runs. */
export function purposePlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (operation && !contextValue.viewer.purpose && needsPurpose(document, operation)) throw missingPurposeError();
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
