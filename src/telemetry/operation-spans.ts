// The span of the GraphQL operation inside a request's HTTP span. Its only
// attribute is the operation type: operation names are chosen by clients and
// could carry anything, and variables and query text carry personal data.
import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../graph/context.ts';
import { endSpan, SpanKind, startSpan } from './tracing.ts';

export function operationSpanPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (!contextValue.trace) return {};
      const parent = contextValue.trace;
      let started: ReturnType<typeof startSpan> | undefined;
      return {
        async didResolveOperation({ operation }) {
          started = startSpan(`graphql ${operation?.operation ?? 'operation'}`, parent, SpanKind.INTERNAL, { 'graphql.operation.type': operation?.operation ?? 'unknown' });
          // Subgraph fetches of this operation hang under it.
          contextValue.trace = started.context;
        },
        async willSendResponse({ response }) {
          if (!started) return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          endSpan(started.span, Boolean(errors?.length));
        },
      };
    },
  };
}
