// Person-level operations must declare a purpose of use before any data is
// read. Only reference lists may be read without one.
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { PURPOSE_HEADER, PURPOSES } from './claims.ts';

// Aggregates carry no person: dashboards read them without a case-work purpose;
// nor do the units' returns of aggregate figures and campaign forms.
const WITHOUT_PURPOSE = new Set([
  '__typename', '__schema', '__type', 'networkUnits', 'districts', '_service', 'indicatorCatalogue', 'indicatorReport', 'indicatorTrend', 'staffingTable', 'dayRangeIndicators',
  'indicatorReturns', 'submitIndicatorReturn', 'reviewIndicatorReturn', 'campaigns', 'campaign', 'createCampaign', 'submitCampaignReturn',
  // Connector sync status: operations data, no person.
  'syncStatus',
]);

function rootFields(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, document, seen);
    if (seen.has(selection.name.value)) return [];
    seen.add(selection.name.value);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
    return fragment && fragment.kind === Kind.FRAGMENT_DEFINITION ? rootFields(fragment.selectionSet, document, seen) : [];
  });
}

/** Entities that are aggregates: a subgraph resolving only these for the gateway reads no person. */
const AGGREGATE_ENTITIES = new Set(['IndicatorReport', 'DayRangeIndicatorReport']);

function onlyAggregateEntities(variables: Record<string, unknown> | undefined): boolean {
  const representations = variables?.representations;
  return Array.isArray(representations) && representations.every((r) => AGGREGATE_ENTITIES.has((r as { __typename?: string })?.__typename ?? ''));
}

export function needsPurpose(document: DocumentNode, operation: OperationDefinitionNode, variables?: Record<string, unknown>): boolean {
  return rootFields(operation.selectionSet, document).some((name) => !WITHOUT_PURPOSE.has(name) && !(name === '_entities' && onlyAggregateEntities(variables)));
}

export function missingPurposeError(): GraphQLError {
  return new GraphQLError(
    `${PURPOSE_HEADER}: person-level requests must declare a purpose of use (${PURPOSES.join(', ')}) in this header or the token`,
    { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
  );
}
