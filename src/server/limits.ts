// Limits every operation must stay within, checked during validation so an
// oversized request is refused with 400 before anything runs.
import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  TypeInfo,
  ValidationContext,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../graph/paging.ts';

export const LIMITS = {
  /** Nesting depth of fields. */
  depth: 12,
  /** Aliases in the whole document, every one counted. */
  aliases: 30,
  /** Lexical tokens, enforced by the parser itself. */
  tokens: 5_000,
  /**
   * Estimated rows an operation may touch (see operationCost). The full
   * family view over a page of 100 families is estimated at about 213,500.
   */
  cost: 250_000,
} as const;

/** Rows a plain list field is assumed to hold when nothing bounds it. */
const LIST_ESTIMATE = 5;

function limitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
}

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  return new Map(
    context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
}

function depthOf(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else if (!seen.has(selection.name.value)) {
      const fragment = fragments.get(selection.name.value);
      deepest = Math.max(deepest, depthOf(fragment?.selectionSet, fragments, new Set([...seen, selection.name.value])));
    }
  }
  return deepest;
}

export const depthLimit: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const depth = depthOf(operation.selectionSet, fragmentsOf(context), new Set());
    if (depth > LIMITS.depth) context.reportError(limitError(`Query depth ${depth} exceeds the limit of ${LIMITS.depth}`));
  },
});

export const aliasLimit: ValidationRule = (context) => {
  let aliases = 0;
  return {
    Field(field) {
      if (field.alias) aliases++;
    },
    Document: {
      leave() {
        if (aliases > LIMITS.aliases) context.reportError(limitError(`The document uses ${aliases} aliases; the limit is ${LIMITS.aliases}`));
      },
    },
  } satisfies ASTVisitor;
};

function listSize(field: FieldNode): number {
  for (const name of ['first', 'last']) {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (arg?.value.kind === Kind.INT) return Math.min(Number(arg.value.value), MAX_PAGE_SIZE);
    if (arg) return MAX_PAGE_SIZE; // a variable: assume the largest page
  }
  return field.arguments?.some((a) => a.name.value === 'ids') ? MAX_PAGE_SIZE : 0;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * Cost = rows the operation may touch: each field costs 1, times the size of
 * every list above it (a page size for connections, `ids` for nodes, an
 * estimate for plain lists). Fragments count wherever they are spread.
 */
function costOf(
  selectionSet: SelectionSetNode | undefined,
  parentType: GraphQLNamedType | undefined,
  multiplier: number,
  context: ValidationContext,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  if (!selectionSet) return 0;
  const schema = context.getSchema();
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const fields = parentType && (isObjectType(parentType) || isInterfaceType(parentType)) ? parentType.getFields() : {};
      const type = fields[selection.name.value]?.type;
      const named = type ? getNamedType(type) : undefined;
      const explicit = listSize(selection);
      const factor = explicit > 0 ? explicit : named?.name.endsWith('Connection') ? DEFAULT_PAGE_SIZE : type && isList(type) ? LIST_ESTIMATE : 1;
      cost += multiplier + costOf(selection.selectionSet, named, multiplier * factor, context, fragments, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
      cost += costOf(selection.selectionSet, type ?? undefined, multiplier, context, fragments, seen);
    } else if (!seen.has(selection.name.value)) {
      const fragment = fragments.get(selection.name.value);
      const type = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
      cost += costOf(fragment?.selectionSet, type ?? undefined, multiplier, context, fragments, new Set([...seen, selection.name.value]));
    }
  }
  return cost;
}

export function operationCost(context: ValidationContext, operation: OperationDefinitionNode): number {
  const root = operation.operation === 'mutation' ? context.getSchema().getMutationType() : context.getSchema().getQueryType();
  return costOf(operation.selectionSet, root ?? undefined, 1, context, fragmentsOf(context), new Set());
}

/** The estimated cost of one operation of a document, outside validation (the cost quotas of both gateways). */
export function estimatedCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
  return operationCost(new ValidationContext(schema, document, new TypeInfo(schema), () => undefined), operation);
}

export const costLimit: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const cost = operationCost(context, operation);
    if (cost > LIMITS.cost) context.reportError(limitError(`Estimated cost ${cost} exceeds the limit of ${LIMITS.cost}; ask for fewer rows or fields`));
  },
});

export const LIMIT_RULES: ValidationRule[] = [depthLimit, aliasLimit, costLimit];
