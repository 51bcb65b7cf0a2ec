// Field-level authorization, enforced inside every field resolver of a
// subgraph. Decisions that do not depend on the row are made once per
// operation and cached on the context; only relation-governed fields look at
// rows, through batched loaders. Deny by default: a field without a rule is
// denied. (graphql-shield's per-field async rules were measured 4–7× slower
// on long lists; this keeps ordinary fields synchronous.)
import { defaultFieldResolver, GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { AccessLog } from './access-log.ts';
import { decide, type Decision, type PolicyViewer } from './decide.ts';
import { applyMask } from './masks.ts';
import type { Access, FieldRule, PolicyTable } from './types.ts';

export interface PolicyContext {
  viewer: PolicyViewer;
  policyDecisions: Map<string, Decision>;
  accessLog: AccessLog;
}

/** How rows relate to families and units, for relation-governed fields. */
export interface RowRelations<Ctx> {
  /** True when the viewer's unit owns the row (its own case, referral, contact…). */
  ownedBy(typeName: string, row: any, ctx: Ctx): boolean;
  /** True when the viewer's unit is related to the family of the row (batched). */
  related(typeName: string, row: any, ctx: Ctx): Promise<boolean>;
  /** Id of the person a row is, for the audit trail. */
  personIdOf(typeName: string, row: any): number | null;
}

/** Federation and introspection plumbing, which carries no data of its own. */
function isPlumbing(typeName: string, fieldName: string): boolean {
  return typeName.startsWith('__') || typeName === '_Service' || (typeName === 'Query' && (fieldName === '_entities' || fieldName === '_service'));
}

const enforced = new WeakSet<GraphQLSchema>();

export function forbidden(coordinate: string): GraphQLError {
  return new GraphQLError(`Not permitted to read ${coordinate}`, { extensions: { code: 'FORBIDDEN' } });
}

export function decisionFor<Ctx extends PolicyContext>(ctx: Ctx, coordinate: string, rule: FieldRule | undefined): Decision {
  let decision = ctx.policyDecisions.get(coordinate);
  if (!decision) {
    decision = decide(rule, ctx.viewer);
    ctx.policyDecisions.set(coordinate, decision);
  }
  return decision;
}

export function enforcePolicy<Ctx extends PolicyContext>(schema: GraphQLSchema, table: PolicyTable, relations: RowRelations<Ctx>): GraphQLSchema {
  if (enforced.has(schema)) return schema;
  enforced.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (isPlumbing(type.name, field.name)) continue;
      field.resolve = guard(type.name, field.name, table[type.name]?.[field.name], field.resolve ?? defaultFieldResolver, relations);
    }
  }
  return schema;
}

function guard<Ctx extends PolicyContext>(
  typeName: string,
  fieldName: string,
  rule: FieldRule | undefined,
  resolve: GraphQLFieldResolver<unknown, Ctx>,
  relations: RowRelations<Ctx>,
): GraphQLFieldResolver<unknown, Ctx> {
  const coordinate = `${typeName}.${fieldName}`;
  const sensitive = rule !== undefined && !(rule.others === 'ALLOW' && !rule.units && !rule.roles);
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
    if (access === 'ALLOW') return value;
    return value instanceof Promise ? value.then((v) => applyMask(rule?.mask, v)) : applyMask(rule?.mask, value);
  };

  return (parent, args, ctx, info) => {
    const decision = decisionFor(ctx, coordinate, rule);
    if (decision.kind === 'fixed') return withAccess(decision.access, parent, args, ctx, info);
    if (relations.ownedBy(typeName, parent, ctx)) return withAccess(decision.related, parent, args, ctx, info);
    return relations.related(typeName, parent, ctx).then((isRelated) =>
      withAccess(isRelated ? decision.related : decision.unrelated, parent, args, ctx, info),
    );
  };
}
