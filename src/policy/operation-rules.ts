// Function-level authorization with graphql-shield: may this caller call this
// operation at all? One small named rule per question, composed per root
// field of every subgraph (each Query field, each Mutation, and `_entities`
// per entity type), deny unless a rule allows. Which properties the caller
// then sees is the field policy's job (enforce.ts), and which records it
// reaches is the row scope's (a record out of scope reads as not found).
//
// Shield is applied to root fields only: wrapping every field in an async
// rule was measured 4–7× slower on long lists, and below the root the field
// policy already decides every field, deny by default.
import { GraphQLError, isObjectType, isUnionType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { allow, and, deny, or, rule, shield } from 'graphql-shield';
import { PURPOSE_HEADER, type Purpose, type Role } from '../auth/claims.ts';
import { missingPurposeError } from '../auth/purpose-required.ts';
import type { UnitCode } from '../domain/codes.ts';

/** A shield rule or a composition of rules (and, or). */
export type ShieldRule = Parameters<typeof and>[number];

/** What the rules look at: the verified caller. */
interface RuleContext {
  viewer: { unit: UnitCode; roles: readonly Role[]; purpose: Purpose | null };
}

/** Most representations one `_entities` call resolves; the gateway's batch for the largest page fits (README). */
export const MAX_ENTITY_REPRESENTATIONS = 2_000;
/** Most ids one `nodes` call takes: a page. */
export const MAX_NODE_IDS = 100;

/**
 * Shield requires one instance per rule name within a schema, so rules made
 * from parameters are made once per name.
 */
const madeRules = new Map<string, ShieldRule>();
function once(name: string, make: () => ShieldRule): ShieldRule {
  let made = madeRules.get(name);
  if (!made) {
    made = make();
    madeRules.set(name, made);
  }
  return made;
}

const roleRule = (name: string, roles: readonly Role[]) =>
  rule(name, { cache: 'contextual' })((_parent, _args, ctx: RuleContext) => ctx.viewer.roles.some((role) => roles.includes(role)));

/** Reads person-level records: case work roles. ANALYST and AUDITOR never read a person. */
export const readsPersons = roleRule('readsPersons', ['CASEWORKER', 'SUPERVISOR', 'ADMIN']);
/** Changes records: caseworkers and supervisors. */
export const writesCases = roleRule('writesCases', ['CASEWORKER', 'SUPERVISOR']);
export const isSupervisor = roleRule('isSupervisor', ['SUPERVISOR']);
export const isAuditor = roleRule('isAuditor', ['AUDITOR']);

/** A purpose of use is declared (token claim or header); without one the caller is told what to send. */
export const hasPurpose = rule('hasPurpose', { cache: 'contextual' })((_parent, _args, ctx: RuleContext) => ctx.viewer.purpose !== null || missingPurposeError());

/** The declared purpose is `purpose`; otherwise FORBIDDEN saying what needs it (`doing`, e.g. "reading the audit trail"). */
export const purposeIs = (purpose: Purpose, doing: string) =>
  once(`purposeIs${purpose}`, () => rule(`purposeIs${purpose}`, { cache: 'contextual' })(
    (_parent, _args, ctx: RuleContext) =>
      ctx.viewer.purpose === purpose ||
      new GraphQLError(`${PURPOSE_HEADER}: ${doing} needs the purpose ${purpose}`, { extensions: { code: 'FORBIDDEN' } }),
  ));

export const isCaseworkerOf = (unit: UnitCode) =>
  once(`isCaseworkerOf${unit}`, () => rule(`isCaseworkerOf${unit}`, { cache: 'contextual' })((_parent, _args, ctx: RuleContext) => ctx.viewer.unit === unit));

/** Contracted NGOs receive only their assigned cases: no aggregates, no break-glass. */
export const notNgo = rule('notNgo', { cache: 'contextual' })((_parent, _args, ctx: RuleContext) => ctx.viewer.unit !== 'NGO');

/** Aggregates (indicators under small-cell protection): every unit and role except NGOs. */
export const readsAggregates = rule('readsAggregates', { cache: 'contextual' })((_parent, _args, ctx: RuleContext) => ctx.viewer.unit !== 'NGO');

/** Person-level reads: a case work role and a declared purpose. */
export const personLevelRead = and(readsPersons, hasPurpose);
/** Writes: a writing role and a declared purpose. */
export const caseWrite = and(writesCases, hasPurpose);

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** At most `max` ids in the `ids` argument: a longer list is the caller's error, and it bypassed the cost limit. */
export const atMostIds = (max: number) =>
  once(`atMostIds${max}`, () =>
    rule(`atMostIds${max}`, { cache: 'strict' })((_parent, args: { ids?: unknown[] }) =>
      (args.ids?.length ?? 0) <= max ? true : badInput(`ids: at most ${max} per request (got ${args.ids?.length})`),
    ),
  );

/**
 * `_entities` per entity type: every representation's type must have a rule
 * here and every such rule must allow; a type without a rule is denied. The
 * number of representations is bounded like a page.
 */
export function entitiesBy(rules: Record<string, ShieldRule>): ShieldRule {
  const types = Object.keys(rules).sort().join('_');
  return once(`entities_${types}`, () => entityRule(rules, rule(`entities_${types}`, { cache: 'no_cache' })(async (parent, args: { representations?: { __typename?: unknown }[] }, ctx, info) => {
    const representations = args.representations ?? [];
    if (representations.length > MAX_ENTITY_REPRESENTATIONS) {
      return badInput(`representations: at most ${MAX_ENTITY_REPRESENTATIONS} per request (got ${representations.length})`);
    }
    const typeNames = new Set(representations.map((r) => String(r?.__typename)));
    for (const typeName of typeNames) {
      const typeRule = rules[typeName];
      if (!typeRule) return false;
      // Shield's rules resolve to true, false or an error; anything but true denies.
      const verdict = await (typeRule as unknown as { resolve: (...a: unknown[]) => Promise<unknown> }).resolve(parent, args, ctx, info, SHIELD_OPTIONS);
      if (verdict !== true) return verdict instanceof Error ? verdict : false;
    }
    return true;
  })));
}

/** The per-type rules inside each `_entities` rule, for the generated documentation. */
export const entityRuleParts = new WeakMap<ShieldRule, Record<string, ShieldRule>>();

function entityRule(parts: Record<string, ShieldRule>, made: ShieldRule): ShieldRule {
  entityRuleParts.set(made, parts);
  return made;
}

/** The entity rules every subgraph shares: persons and families are person-level, reports are aggregates. */
export const ENTITY_RULES: Record<string, ShieldRule> = {
  Person: personLevelRead,
  Family: personLevelRead,
  IndicatorReport: readsAggregates,
  DayRangeIndicatorReport: readsAggregates,
};

/** The federation plumbing of a subgraph: its schema document for anyone, entities by the shared rules. */
export function federationRules(schema: GraphQLSchema): Record<string, ShieldRule> {
  const entityTypes = schema.getType('_Entity');
  const names = entityTypes && isUnionType(entityTypes) ? entityTypes.getTypes().map((t) => t.name) : [];
  // A type without a shared rule gets none here, so entitiesBy denies it.
  return {
    _service: allow,
    _entities: entitiesBy(Object.fromEntries(names.flatMap((name) => (ENTITY_RULES[name] ? [[name, ENTITY_RULES[name]!]] : [])))),
  };
}

/** Root fields of a subgraph → their rule; `_entities` with entitiesBy. */
export type OperationRules = Partial<Record<'Query' | 'Mutation', Record<string, ShieldRule>>>;

/** A denial says which operation and nothing else: no stack, no internals. */
function operationDenied(_error: unknown, _parent: unknown, _args: unknown, _ctx: unknown, info: { parentType: { name: string }; fieldName: string }): GraphQLError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(`Not permitted to call ${info.parentType.name}.${info.fieldName}`, { extensions: { code: 'FORBIDDEN' } });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const SHIELD_OPTIONS = {
  fallbackRule: deny,
  fallbackError: operationDenied,
  // Errors the resolver itself raises (BAD_USER_INPUT, NOT_FOUND…) pass through unchanged;
  // without this, shield would turn them into its fallback FORBIDDEN.
  allowExternalErrors: true,
  debug: false,
};

/** Marks root resolvers that went through shield, so a test can prove none was missed. */
export const OPERATION_GUARD = Symbol('operation guard');

export function hasOperationRule(resolve: unknown): boolean {
  return typeof resolve === 'function' && OPERATION_GUARD in resolve;
}

const guarded = new WeakSet<GraphQLSchema>();

/**
 * Applies the rules to the root fields of `schema`, in place (federation's
 * entity resolution and the field policy stay as they are). Every root field
 * gets shield's middleware: a field without a rule is denied by the fallback.
 */
export function guardOperations(schema: GraphQLSchema, rules: OperationRules): GraphQLSchema {
  if (guarded.has(schema)) return schema;
  guarded.add(schema);
  const middleware = shield(rules as Parameters<typeof shield>[0], SHIELD_OPTIONS).generate(schema) as Record<string, Record<string, unknown>>;
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root || !isObjectType(root)) continue;
    for (const field of Object.values(root.getFields())) {
      const entry = middleware[root.name]?.[field.name];
      const check = (typeof entry === 'function' ? entry : (entry as { resolve?: unknown } | undefined)?.resolve) as
        | ((resolve: GraphQLFieldResolver<unknown, unknown>, ...rest: Parameters<GraphQLFieldResolver<unknown, unknown>>) => unknown)
        | undefined;
      if (!check) throw new Error(`graphql-shield generated no rule for ${root.name}.${field.name}`);
      const resolve = field.resolve ?? ((parent: any) => parent?.[field.name]);
      // Keeps the field policy's mark (POLICY_GUARD) of the resolver it wraps.
      field.resolve = Object.assign((parent: unknown, args: any, ctx: unknown, info: any) => check(resolve, parent, args, ctx, info), resolve, {
        [OPERATION_GUARD]: `${root.name}.${field.name}`,
      });
    }
  }
  return schema;
}

export { allow, and, or };
