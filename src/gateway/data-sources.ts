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
import { endSpan, SpanKind, startSpan, traceparentOf } from '../telemetry/tracing.ts';
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
    const fetchSpan = gatewayContext.trace ? startSpan(`subgraph ${this.subgraphName}`, gatewayContext.trace, SpanKind.INTERNAL, { 'graphql.subgraph': this.subgraphName }) : undefined;
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
      if (fetchSpan) endSpan(fetchSpan.span, Boolean(response.errors?.length));
      return response.errors ? { ...response, errors: response.errors.map((error) => unavailableOr(error as GraphQLError)) } : response;
    } catch (error) {
      if (fetchSpan) endSpan(fetchSpan.span, true);
      throw error;
    } finally {
      // One audit entry per client request: what this fetch read joins the
      // request's log, which the gateway's audit plugin writes before the
      // answer leaves (a subgraph run elsewhere audits its own fetches).
      gatewayContext.accessLog?.absorb(context.accessLog);
    }
  }
}

export class ForwardingRemoteDataSource extends RemoteGraphQLDataSource<HubContext> {
  /** The `traceparent` of each fetch, from process() (where its span starts) to willSendRequest() (where headers are set). */
  private readonly traceparents = new WeakMap<object, string>();

  constructor(private readonly subgraphName: string, url: string, private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
    super({ url });
  }

  /**
   * An unreachable subgraph answers its part of the plan with
   * UPSTREAM_UNAVAILABLE, and one that refuses the forwarded credentials
   * (its keys differ from the gateway's: a deployment error, not the
   * caller's) with UPSTREAM_AUTHENTICATION_FAILED, so the caller gets
   * everything else and can tell "could not ask" from "no records". Neither
   * names the subgraph's address.
   */
  override async process(options: GraphQLDataSourceProcessOptions<HubContext>) {
    notifySubgraphFetch(this.subgraphName);
    const gatewayContext = options.context as Partial<HubContext>;
    if (gatewayContext.accessLog) gatewayContext.accessLog.answeredElsewhere = true;
    const fetchSpan = gatewayContext.trace ? startSpan(`subgraph ${this.subgraphName}`, gatewayContext.trace, SpanKind.CLIENT, { 'graphql.subgraph': this.subgraphName }) : undefined;
    // The subgraph continues this trace: its request id, logs and audit entries carry the same trace id.
    const traceparent = fetchSpan && traceparentOf(fetchSpan.context);
    if (traceparent) this.traceparents.set(options.request, traceparent);
    try {
      const response = await super.process(options);
      if (fetchSpan) endSpan(fetchSpan.span, Boolean(response.errors?.length));
      return response;
    } catch (error) {
      if (fetchSpan) endSpan(fetchSpan.span, true);
      const status = (error as GraphQLError | undefined)?.extensions?.response as { status?: number } | undefined;
      const refused = status?.status === 401 || status?.status === 403;
      if (refused) {
        this.log(JSON.stringify({ level: 'error', requestId: gatewayContext.requestId, code: 'UPSTREAM_AUTHENTICATION_FAILED', subgraph: this.subgraphName, message: `subgraph ${this.subgraphName} refused the forwarded credentials with HTTP ${status.status}: check that it verifies tokens with the same keys as the gateway` }));
      }
      const failure = (path?: (string | number)[]) =>
        refused
          ? new GraphQLError(`${this.subgraphName} refused the gateway's forwarded credentials; its part of the answer is missing`, { extensions: { code: 'UPSTREAM_AUTHENTICATION_FAILED' }, path })
          : new GraphQLError(`${this.subgraphName} is unavailable; its part of the answer is missing`, { extensions: { code: 'UPSTREAM_UNAVAILABLE' }, path });
      // For entity fetches, one error per entity lets the gateway place each on its own path.
      const representations = options.request.variables?.representations;
      const errors = Array.isArray(representations) ? representations.map((_r, i) => failure(['_entities', i])) : [failure()];
      return { errors };
    }
  }

  override willSendRequest({ request, context }: { request: { http?: { headers: { set(name: string, value: string): void } } }; context: Partial<HubContext> }) {
    const traceparent = this.traceparents.get(request);
    if (traceparent) request.http?.headers.set('traceparent', traceparent);
    const credentials = context.credentials;
    if (credentials?.authorization) request.http?.headers.set('authorization', credentials.authorization);
    if (credentials?.purpose) request.http?.headers.set(PURPOSE_HEADER, credentials.purpose);
  }
}
