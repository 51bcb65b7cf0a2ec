// Persisted operations at the gateway. GraphQL Code Generator writes the
// manifest (src/client/persisted-documents.json: "sha256:<hex>" → operation
// text, hex being the sha256 of exactly that text, as in Apollo's automatic
// persisted queries). This middleware, between authentication and Apollo:
// - fills in the text of a request that sends only a hash (the APQ extension
//   or a documentId), so clients can send short, reviewable requests;
// - in allow-list mode, lets ANALYST and NGO tokens send nothing but manifest
//   operations, refused before anything is parsed or executed.
// The manifest is the only source for a hash: every hub instance answers a
// hash the same way, before and after a restart.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseUrl } from 'node:url';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Identity } from '../auth/identity.ts';
import { persistedOperationsOnlyFrom } from '../config.ts';
import { requestIdentityOf } from './authenticate.ts';

const MANIFEST_FILE = path.resolve(import.meta.dirname, '../client/persisted-documents.json');
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** What a hash that no manifest entry has is answered with (here and behind Hive Gateway, gateway/hive/). */
export const NOT_IN_MANIFEST = 'PersistedQueryNotFound: no operation in the persisted-operation manifest has this hash';
/** What a token held to the manifest is answered with when it sends anything else. */
export const PERSISTED_ONLY =
  'This token may send only persisted operations: send the sha256 hash of an operation of the manifest as extensions.persistedQuery.sha256Hash (version 1) or documentId';

/** Operation text by the lower-case hex sha256 of that text. */
export type Manifest = ReadonlyMap<string, string>;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function loadManifest(file = MANIFEST_FILE): Manifest {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const manifest = new Map<string, string>();
  for (const [key, text] of Object.entries(entries)) {
    // A hand-edited entry whose key is not the hash of its text would let a hash and a text name different operations.
    if (typeof text !== 'string' || key !== `sha256:${sha256Hex(text)}`) {
      throw new Error(`${path.basename(file)}: "${key}" is not the sha256 of its operation; run npm run codegen`);
    }
    manifest.set(sha256Hex(text), text);
  }
  return manifest;
}

/**
 * Dashboards (ANALYST) and contracted NGOs run fixed applications: holding
 * them to reviewed operations limits what a leaked token can ask for.
 */
export function mustSendPersisted(identity: Identity): boolean {
  return identity.unit === 'NGO' || identity.roles.includes('ANALYST');
}

/** The fields of one GraphQL request this middleware reads, and `query`, which it may fill in. */
interface OperationRequest {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Apollo reads a missing, null or otherwise falsy non-string `query` as no query. */
const hasNoQuery = (request: OperationRequest) => typeof request.query !== 'string' && !request.query;

/** documentId may carry the manifest's "sha256:" prefix; the APQ hash is bare hex. */
function hexOf(value: unknown, field: string, prefixed: boolean): string {
  const hex = typeof value === 'string' && prefixed ? value.replace(/^sha256:/, '') : value;
  if (typeof hex !== 'string' || !SHA256_HEX.test(hex)) {
    throw new Refusal('BAD_REQUEST', `${field} must be a sha256 hash: 64 hexadecimal digits${prefixed ? ', optionally after "sha256:"' : ''}`);
  }
  return hex.toLowerCase();
}

/** Fills in the text of a hash-only request from the manifest; a request sending text and hash keeps the text. */
function resolve(request: OperationRequest, manifest: Manifest): void {
  const apq = isRecord(request.extensions) && isRecord(request.extensions.persistedQuery) ? request.extensions.persistedQuery : undefined;
  // Only APQ version 1 exists; Apollo refuses any other version itself.
  if (apq?.version === 1) {
    const hex = hexOf(apq.sha256Hash, 'extensions.persistedQuery.sha256Hash', false);
    // With a text, Apollo checks that the hash is the text's and answers 400 when it is not.
    if (!hasNoQuery(request)) return;
    request.query = textOf(hex, manifest);
    apq.sha256Hash = hex; // Apollo compares the lower-case form
  } else if (request.documentId !== undefined && request.documentId !== null) {
    const hex = hexOf(request.documentId, 'documentId', true);
    if (hasNoQuery(request)) request.query = textOf(hex, manifest);
    // Apollo ignores documentId, so the check it makes for the APQ hash is made here.
    else if (typeof request.query !== 'string' || sha256Hex(request.query) !== hex) throw new Refusal('BAD_REQUEST', 'documentId is not the sha256 of the query sent with it');
  }
}

function textOf(hex: string, manifest: Manifest): string {
  const text = manifest.get(hex);
  if (text === undefined) throw new Refusal('PERSISTED_QUERY_NOT_FOUND', NOT_IN_MANIFEST);
  return text;
}

/** After resolution a manifest operation is one whose exact text hashes to a manifest entry. */
function requirePersisted(request: OperationRequest, manifest: Manifest): void {
  if (typeof request.query !== 'string' || !manifest.has(sha256Hex(request.query))) {
    throw new Refusal('PERSISTED_QUERY_REQUIRED', PERSISTED_ONLY);
  }
}

/**
 * A GET request as Apollo reads it (`search` of the URL, each parameter at
 * most once). A parameter given twice reads as not a string, so the
 * allow-list refuses it; Apollo refuses it too.
 */
function fromSearch(url: string): { request: OperationRequest; params: URLSearchParams } {
  const params = new URLSearchParams(parseUrl(url).search ?? '');
  const once = (name: string) => {
    const values = params.getAll(name);
    return values.length <= 1 ? values[0] : values;
  };
  const extensions = once('extensions');
  let parsed: unknown;
  try {
    parsed = typeof extensions === 'string' ? JSON.parse(extensions) : undefined;
  } catch {
    parsed = undefined; // Apollo answers invalid JSON with 400 itself
  }
  return { request: { query: once('query'), documentId: once('documentId'), extensions: parsed }, params };
}

export interface PersistedOperationsOptions {
  /** Allow-list mode; unset, HUB_PERSISTED_OPERATIONS_ONLY decides (off by default, in production too). */
  allowListOnly?: boolean;
  manifest?: Manifest;
}

/** For /graphql after express.json() and authenticate(), before Apollo's middleware. */
export function persistedOperations(options: PersistedOperationsOptions = {}): RequestHandler {
  const allowListOnly = options.allowListOnly ?? persistedOperationsOnlyFrom();
  const manifest = options.manifest ?? loadManifest();
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      const restricted = allowListOnly && mustSendPersisted(requestIdentityOf(res).identity);
      if (req.method === 'GET') {
        const { request, params } = fromSearch(req.url);
        const hadQuery = !hasNoQuery(request);
        resolve(request, manifest);
        if (restricted) requirePersisted(request, manifest);
        if (!hadQuery && typeof request.query === 'string') {
          params.set('query', request.query);
          if (request.extensions !== undefined) params.set('extensions', JSON.stringify(request.extensions));
          req.url = `${parseUrl(req.url).pathname ?? '/'}?${params}`;
        }
      } else {
        // Apollo refuses batched (array) bodies unless allowBatchedHttpRequests is set; every entry is checked
        // all the same, so turning batching on cannot open a way around the allow-list.
        const requests: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
        for (const request of requests) if (isRecord(request)) resolve(request, manifest);
        if (restricted) for (const request of requests) requirePersisted(isRecord(request) ? request : {}, manifest);
      }
      next();
    } catch (error) {
      if (!(error instanceof Refusal)) return next(error);
      res.status(400).json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
    }
  };
}
