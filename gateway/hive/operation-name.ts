// A Hive Gateway plugin that names each subgraph operation after the
// client's operation. Subgraphs record the operation name in the audit
// trail; Hive's JavaScript planner passes it on, its Rust planner sends
// anonymous operations (audited as "mutation { createReferral }" instead of
// the client's "ReferChild"). The name is only a label: the document and its
// variables are unchanged.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { getOperationAST, Kind, type DocumentNode } from 'graphql';

function named(document: DocumentNode, name: string): DocumentNode | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]!.name) return null;
  return {
    ...document,
    definitions: document.definitions.map((d) => (d.kind === Kind.OPERATION_DEFINITION ? { ...d, name: { kind: Kind.NAME, value: name } } : d)),
  };
}

export function operationNamePlugin(): GatewayPlugin {
  // The client's operation name per request context, taken when the client's operation is executed.
  const clientNames = new WeakMap<object, string>();
  return {
    onExecute({ args }) {
      const name = getOperationAST(args.document, args.operationName)?.name?.value;
      if (name && args.contextValue) clientNames.set(args.contextValue, name);
    },
    onSubgraphExecute({ executionRequest, setExecutionRequest }) {
      const clientName = executionRequest.context ? clientNames.get(executionRequest.context) : undefined;
      if (!clientName) return;
      const document = named(executionRequest.document, clientName);
      if (document) setExecutionRequest({ ...executionRequest, document, operationName: clientName });
    },
  };
}
