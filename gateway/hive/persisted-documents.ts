// Hive Gateway's own persisted-document support (its `persistedDocuments`
// option, GraphQL Yoga's persisted-operations plugin) reading the hub's
// manifest (src/client/persisted-documents.json, checked as the built-in
// gateway checks it: src/server/persisted-operations.ts). A client sends an
// operation by its hash as to the built-in gateway: the APQ extension
// (`extensions.persistedQuery`, version 1) or `documentId` ("sha256:<hex>" or
// the bare hex). In allow-list mode (HUB_PERSISTED_OPERATIONS_ONLY) the
// callers the built-in gateway holds to the manifest (ANALYST, NGO) may send
// nothing but hashes; the answers to an unknown hash and to a refused text
// carry the built-in gateway's status, code and message. Where Hive's plugin
// reads a request differently, README ("Serving with Hive Gateway") says how.
import type { GatewayConfig } from '@graphql-hive/gateway';
import { loadManifest, mustSendPersisted, NOT_IN_MANIFEST, PERSISTED_ONLY, type Manifest } from '../../src/server/persisted-operations.ts';
import { requestIdentityOf } from './edge-identity.ts';

const refusal = (code: string, message: string) => ({ message, extensions: { code, http: { status: 400 } } });

export function persistedDocuments(allowListOnly: boolean, manifest: Manifest = loadManifest()): NonNullable<GatewayConfig['persistedDocuments']> {
  return {
    getPersistedOperation: (key: string) => manifest.get(key.replace(/^sha256:/, '').toLowerCase()) ?? null,
    // Hive calls this for every request that sends a text; the caller was identified at the edge (edge-identity.ts).
    allowArbitraryDocuments(request: Request) {
      if (!allowListOnly) return true;
      const caller = requestIdentityOf(request);
      return caller !== undefined && !mustSendPersisted(caller.identity);
    },
    customErrors: {
      notFound: refusal('PERSISTED_QUERY_NOT_FOUND', NOT_IN_MANIFEST),
      persistedQueryOnly: refusal('PERSISTED_QUERY_REQUIRED', PERSISTED_ONLY),
      keyNotFound: refusal('BAD_REQUEST', 'Send an operation: its text as `query`, or its sha256 hash as extensions.persistedQuery.sha256Hash (version 1) or documentId'),
    },
  };
}
