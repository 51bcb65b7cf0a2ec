// How the gateway reaches subgraphs. Either way the caller's own token and
// purpose travel with the fetch and the subgraph verifies them again (zero
// trust): a subgraph never takes the gateway's word for who is asking.
import { LocalGraphQLDataSource, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import { execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { PURPOSE_HEADER } from '../auth/claims.ts';
import type { AuthSettings } from '../auth/keys.ts';
import { missingPurposeError, needsPurpose } from '../auth/purpose-required.ts';
import { identify } from '../auth/request-identity.ts';
import { unavailableOr } from '../db/unavailable.ts';
import { createContext, type HubContext } from '../graph/context.ts';
import { notifySubgraphFetch } from './fetch-listeners.ts';

/** A subgraph operation parsed and validated, or why it is not valid. */
type Prepared = { document: DocumentNode } | { errors: readonly GraphQLError[] };

/** The gateway sends each subgraph the few operations its query plans hold, over and over. */
const MAX_PREPARED_OPERATIONS = 1_000;

export class VerifyingLocalDataSource extends LocalGraphQLDataSource<HubContext> {
  /**
   * Operations parsed and validated once: validation depends on the schema
   * and the document only, never on variables or the caller, so a repeat
   * goes straight to execution.
   */
  private readonly prepared = new LRUCache<string, Prepared>({ max: MAX_PREPARED_OPERATIONS });

  constructor(private readonly subgraphName: string, private readonly subgraphSchema: GraphQLSchema, private readonly auth: AuthSettings) {
    super(subgraphSchema);
  }

  private prepare(query: string): Prepared {
    const known = this.prepared.get(query);
    if (known) return known;
    let prepared: Prepared;
    try {
      const document = parse(query);
      const errors = validate(this.subgraphSchema, document);
      prepared = errors.length > 0 ? { errors } : { document };
    } catch (error) {
      prepared = { errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] };
    }
    this.prepared.set(query, prepared);
    return prepared;
  }

  override async process(options: GraphQLDataSourceProcessOptions<HubContext>) {
    notifySubgraphFetch(this.subgraphName);
    const gatewayContext = options.context as Partial<HubContext>;
    const verified = await identify(gatewayContext.credentials ?? { authorization: undefined, purpose: undefined }, this.auth);
    // Verified again (zero trust); need-to-know answers are shared with the request's other fetches.
    const context = createContext(verified, gatewayContext.requestId, gatewayContext.loaders && gatewayContext.viewer ? { loaders: gatewayContext.loaders, viewer: gatewayContext.viewer } : undefined);
    const prepared = this.prepare(options.request.query ?? '');
    if ('errors' in prepared) return { errors: [...prepared.errors] };
    const document = prepared.document;
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
    if (operation && operation.kind === 'OperationDefinition' && !context.viewer.purpose && needsPurpose(document, operation, options.request.variables)) {
      return { errors: [missingPurposeError()] };
    }
    try {
      const response = await execute({
        schema: this.subgraphSchema,
        document,
        variableValues: options.request.variables,
        operationName: options.request.operationName,
        contextValue: context,
      });
      return response.errors ? { ...response, errors: response.errors.map((error) => unavailableOr(error as GraphQLError)) } : response;
    } finally {
      // One audit entry per client request: what this fetch read joins the
      // request's log, which the gateway's audit plugin writes before the
      // answer leaves (a subgraph run elsewhere audits its own fetches).
      gatewayContext.accessLog?.absorb(context.accessLog);
    }
  }
}

export class ForwardingRemoteDataSource extends RemoteGraphQLDataSource<HubContext> {
  constructor(private readonly subgraphName: string, url: string) {
    super({ url });
  }

  /**
   * An unreachable subgraph answers its part of the plan with
   * UPSTREAM_UNAVAILABLE, so the caller gets everything else and can tell
   * "could not ask" from "no records".
   */
  override async process(options: GraphQLDataSourceProcessOptions<HubContext>) {
    notifySubgraphFetch(this.subgraphName);
    const gatewayContext = options.context as Partial<HubContext>;
    if (gatewayContext.accessLog) gatewayContext.accessLog.answeredElsewhere = true;
    try {
      return await super.process(options);
    } catch {
      const unavailable = (path?: (string | number)[]) =>
        new GraphQLError(`${this.subgraphName} is unavailable; its part of the answer is missing`, {
          extensions: { code: 'UPSTREAM_UNAVAILABLE' },
          path,
        });
      // For entity fetches, one error per entity lets the gateway place each on its own path.
      const representations = options.request.variables?.representations;
      const errors = Array.isArray(representations) ? representations.map((_r, i) => unavailable(['_entities', i])) : [unavailable()];
      return { errors };
    }
  }

  override willSendRequest({ request, context }: { request: { http?: { headers: { set(name: string, value: string): void } } }; context: Partial<HubContext> }) {
    const credentials = context.credentials;
    if (credentials?.authorization) request.http?.headers.set('authorization', credentials.authorization);
    if (credentials?.purpose) request.http?.headers.set(PURPOSE_HEADER, credentials.purpose);
  }
}
