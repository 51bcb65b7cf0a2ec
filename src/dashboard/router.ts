// The KPI dashboard at /dashboard: a static page and its browser modules,
// served from this folder (no CDN, no build step, works offline), plus the
// three dashboard operations taken from the persisted-operation manifest so
// the page sends exactly the text and hash the hub may allow-list.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response, type Router } from 'express';
import { Kind, parse } from 'graphql';
import { loadManifest, type Manifest } from '../server/persisted-operations.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const DASHBOARD_OPERATIONS = ['DashboardCatalogue', 'DashboardReport', 'DashboardTrend'] as const;

export interface PersistedOperation {
  /** sha256 of `query`, hex, as Apollo's persistedQuery extension names it. */
  hash: string;
  query: string;
}

/** Only these kinds leave the folder: the router source and anything else next to it stay private. */
const ASSET_TYPES = new Set(['.js', '.css', '.svg']);

// The page reaches nothing but its own origin: scripts and styles from
// files (no inline code), requests to /graphql only, and no embedding.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  // The token form is handled by script; should script fail, the browser must not submit the token anywhere.
  "form-action 'none'",
  "frame-ancestors 'none'",
  // The page builds its DOM from text nodes only; this makes any HTML string sink an error rather than a hole.
  "require-trusted-types-for 'script'",
].join('; ');

/** Picks the dashboard's operations by name from the persisted-operation manifest. */
export function dashboardOperations(manifest: Manifest): Record<string, PersistedOperation> {
  const found: Record<string, PersistedOperation> = {};
  for (const [hash, query] of manifest) {
    for (const definition of parse(query).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
      const name = definition.name.value;
      if ((DASHBOARD_OPERATIONS as readonly string[]).includes(name)) found[name] = { hash, query };
    }
  }
  const missing = DASHBOARD_OPERATIONS.filter((name) => !found[name]);
  // A page without its operations would only show errors; say so at start instead.
  if (missing.length > 0) throw new Error(`The persisted-operation manifest lacks ${missing.join(', ')}: run \`npm run codegen\``);
  return found;
}

function secureHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
}

export function dashboardRouter(): Router {
  const operations = dashboardOperations(loadManifest());
  const assets = new Set(readdirSync(HERE).filter((file) => ASSET_TYPES.has(path.extname(file))));
  const router = express.Router();

  router.get('/dashboard', (_req, res) => {
    secureHeaders(res);
    // The page itself holds no data, but a fresh copy picks up new asset names after an upgrade.
    res.set('Cache-Control', 'no-cache');
    res.sendFile(path.join(HERE, 'index.html'));
  });
  router.get('/dashboard/operations.json', (_req, res) => {
    secureHeaders(res);
    res.set('Cache-Control', 'no-cache');
    res.json(operations);
  });
  router.get('/dashboard/assets/:file', (req, res, next) => {
    const file = req.params.file;
    if (!assets.has(file)) return next();
    secureHeaders(res);
    res.sendFile(path.join(HERE, file), { maxAge: '1h' });
  });
  return router;
}
