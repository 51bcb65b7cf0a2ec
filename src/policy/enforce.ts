// Field-level authorization, enforced inside every field resolver of a
// subgraph. Decisions that do not depend on the row are made once per
// operation and cached on the context; only relation-governed fields look at
// rows, through batched loaders. Deny by default: a field without a rule is
// denied. (graphql-shield's per-field async rules were measured 4–7× slower
// on long lists; this keeps ordinary fields synchronous.)
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isAbstractType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { AccessLog } from './access-log.ts';
import { accessAt, decide, type Decision, type PolicyViewer } from './decide.ts';
import { applyMask } from './masks.ts';
import type { Access, FieldRule, PolicyTable, RelationLevel } from './types.ts';

export interface PolicyContext {
  viewer: PolicyViewer;
  policyDecisions: Map<string, Decision>;
  accessLog: AccessLog;
  /** Need-to-know answer per row object, so a row's many fields ask once. */
  relatedRows: WeakMap<object, RelationLevel | Promise<RelationLevel>>;
}

/** How rows relate to families and units, for relation-governed fields. */
export interface RowRelations<Ctx> {
  /** True when the viewer's unit owns the row (its own case, referral, contact…). */
  ownedBy(typeName: string, row: any, ctx: Ctx): boolean;
  /** The viewer's need-to-know on the family (or person) of the row (batched). */
  related(typeName: string, row: any, ctx: Ctx): Promise<RelationLevel>;
  /** Id of the person a row is, for the audit trail. */
  personIdOf(typeName: string, row: any): number | null;
}

/** Federation and introspection plumbing, which carries no data of its own. */
export function isPlumbing(typeName: string, fieldName: string): boolean {
  return typeName.startsWith('__') || typeName === '_Service' || (typeName === 'Query' && (fieldName === '_entities' || fieldName === '_service'));
}

const enforced = new WeakSet<GraphQLSchema>();

/** Marks resolvers that went through the policy, so a test can prove none was missed. */
export const POLICY_GUARD = Symbol('policy guard');

export function isGuarded(resolve: unknown): boolean {
  return typeof resolve === 'function' && POLICY_GUARD in resolve;
}

/**
 * A denial is an expected answer, raised once per denied row on long lists:
 * it carries no stack trace (none is ever shown), which keeps it cheap.
 */
export function forbidden(coordinate: string): GraphQLError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(`Not permitted to read ${coordinate}`, { extensions: { code: 'FORBIDDEN' } });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function decisionFor<Ctx extends PolicyContext>(ctx: Ctx, coordinate: string, rule: FieldRule | undefined): Decision {
  let decision = ctx.policyDecisions.get(coordinate);
  if (!decision) {
    decision = decide(rule, ctx.viewer);
    ctx.policyDecisions.set(coordinate, decision);
  }
  return decision;
}

/** The need-to-know answer for a row, asked once per row and request. */
function relatedRow<Ctx extends PolicyContext>(typeName: string, row: object, ctx: Ctx, relations: RowRelations<Ctx>): RelationLevel | Promise<RelationLevel> {
  let answer = ctx.relatedRows.get(row);
  if (answer === undefined) {
    const pending = relations.related(typeName, row, ctx).then((level) => {
      ctx.relatedRows.set(row, level);
      return level;
    });
    ctx.relatedRows.set(row, pending);
    answer = pending;
  }
  return answer;
}

/** Types with at least one field whose access depends on the row. */
function relationGovernedTypes(table: PolicyTable): Set<string> {
  return new Set(
    Object.entries(table)
      .filter(([, fields]) =>
        Object.values(fields).some(
          (rule) => (rule.related ?? rule.others) !== rule.others || (rule.deciding ?? rule.others) !== rule.others || (rule.owner ?? rule.others) !== rule.others,
        ),
      )
      .map(([typeName]) => typeName),
  );
}

export function enforcePolicy<Ctx extends PolicyContext>(schema: GraphQLSchema, table: PolicyTable, relations: RowRelations<Ctx>): GraphQLSchema {
  if (enforced.has(schema)) return schema;
  enforced.add(schema);
  const governed = relationGovernedTypes(table);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (isPlumbing(type.name, field.name)) continue;
      const named = getNamedType(field.type);
      const warms = isAbstractType(named) || governed.has(named.name);
      field.resolve = guard(type.name, field.name, table[type.name]?.[field.name], field.resolve ?? defaultFieldResolver, relations, warms ? governed : null);
    }
  }
  return schema;
}

/**
 * Before a field hands rows of a relation-governed type to their own field
 * resolvers, ask need-to-know for all of them in one batch. The rows' fields
 * then decide synchronously instead of each waiting on its own promise.
 */
async function warmRows<Ctx extends PolicyContext>(value: unknown, info: GraphQLResolveInfo, ctx: Ctx, relations: RowRelations<Ctx>, governed: Set<string>): Promise<unknown> {
  const rows = (Array.isArray(value) ? value.flat(3) : [value]).filter((row): row is object => typeof row === 'object' && row !== null);
  const named = getNamedType(info.returnType);
  await Promise.all(
    rows.map(async (row) => {
      const typeName = isAbstractType(named) ? await named.resolveType?.(row, ctx, info, named) : named.name;
      if (typeof typeName === 'string' && governed.has(typeName)) await relatedRow(typeName, row, ctx, relations);
    }),
  );
  return value;
}

/**
 * Resolvers may return any thenable: Prisma's queries are PrismaPromises, not
 * Promise instances. (In development Pothos wraps them in a real Promise to
 * watch for unused queries, which hid this: in production a row's fields were
 * read off the unresolved query.)
 */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function guard<Ctx extends PolicyContext>(
  typeName: string,
  fieldName: string,
  rule: FieldRule | undefined,
  resolve: GraphQLFieldResolver<unknown, Ctx>,
  relations: RowRelations<Ctx>,
  warmFor: Set<string> | null,
): GraphQLFieldResolver<unknown, Ctx> {
  const coordinate = `${typeName}.${fieldName}`;
  // Root fields are entry points, recorded as the operation; fields of records are what the trail lists.
  const isRoot = typeName === 'Query' || typeName === 'Mutation';
  const sensitive = !isRoot && rule !== undefined && !rule.aggregate && !(rule.others === 'ALLOW' && !rule.units && !rule.roles);
  const recordPerson = (row: unknown, ctx: Ctx) => {
    const personId = relations.personIdOf(typeName, row);
    if (personId !== null) ctx.accessLog.persons.add(personId);
  };

  const withAccess = (access: Access, parent: unknown, args: any, ctx: Ctx, info: any) => {
    if (access === 'DENY') {
      ctx.accessLog.denied.add(coordinate);
      throw forbidden(coordinate);
    }
    if (sensitive) {
      recordPerson(parent, ctx);
      (access === 'MASK' ? ctx.accessLog.masked : ctx.accessLog.returned).add(coordinate);
    }
    const value = resolve(parent, args, ctx, info);
    if (access === 'ALLOW') {
      if (!warmFor) return value;
      return isThenable(value) ? value.then((v) => warmRows(v, info, ctx, relations, warmFor)) : warmRows(value, info, ctx, relations, warmFor);
    }
    return isThenable(value) ? value.then((v) => applyMask(rule?.mask, v)) : applyMask(rule?.mask, value);
  };

  const guarded: GraphQLFieldResolver<unknown, Ctx> = (parent, args, ctx, info) => {
    const decision = decisionFor(ctx, coordinate, rule);
    if (decision.kind === 'fixed') return withAccess(decision.access, parent, args, ctx, info);
    if (relations.ownedBy(typeName, parent, ctx)) return withAccess(decision.owner, parent, args, ctx, info);
    const level = relatedRow(typeName, parent as object, ctx, relations);
    if (typeof level === 'string') return withAccess(accessAt(decision, level), parent, args, ctx, info);
    return level.then((known) => withAccess(accessAt(decision, known), parent, args, ctx, info));
  };
  return Object.assign(guarded, { [POLICY_GUARD]: coordinate });
}
