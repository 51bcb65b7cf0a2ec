// The KPI dashboard at /dashboard: a static page and its browser modules,
// served from this folder (no CDN, no build step, works offline), plus the
// three dashboard operations taken from the persisted-operation manifest so
// the page sends exactly the text and hash the hub may allow-list; its
// Chinese web font from an npm package; and whether the city is a demo.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response, type Router } from 'express';
import { Kind, parse } from 'graphql';
import { prisma } from '../db/prisma.ts';
import { loadManifest, type Manifest } from '../server/persisted-operations.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const DASHBOARD_OPERATIONS = ['DashboardCatalogue', 'DashboardReport', 'DashboardTrend'] as const;

export interface PersistedOperation {
  /** sha256 of `query`, hex, as Apollo's persistedQuery extension names it. */
  hash: string;
  query: string;
}

/**
 * The Chinese web font, from the npm package @fontsource/noto-sans-tc (SIL Open
 * Font License): a bare machine has no CJK font, and the page may fetch nothing
 * from outside the hub. Only the package's two "chinese-traditional" woff2
 * files, regular and bold (about 1 MB each), leave it: each holds every
 * Traditional Chinese character in one file, so one @font-face per weight in
 * dashboard.css covers any label the API sends (its ~100 numbered slices per
 * weight, 3 MB, would need as many rules; its woff files repeat the woff2 ones
 * for browsers too old for the page's modules anyway; 600 and 650 are drawn
 * with the bold file). Other weights and formats are not served.
 */
const FONT_FOLDER = path.join(path.dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-tc')), 'files');
const FONT_FILES = new Set(['noto-sans-tc-chinese-traditional-400-normal.woff2', 'noto-sans-tc-chinese-traditional-700-normal.woff2']);
// A file name holds its glyphs for good: browsers may keep it a year without asking again.
const FONT_MAX_AGE = '365d';

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
  "font-src 'self'",
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

/**
 * What the seed recorded of the city (src/demo-city/seeded-city.ts): a demo
 * city carries a row in demo_city.seeded_city, written in the seed's
 * transaction; a database the seed never filled has no such table. Read per
 * request, since `npm run seed -- --reset` may replace the city under a running hub.
 */
async function seededCity(): Promise<{ demo: boolean; scenario?: string | null; scale?: number | null }> {
  const [table] = await prisma().$queryRaw<{ present: boolean }[]>`SELECT to_regclass('demo_city.seeded_city') IS NOT NULL AS present`;
  if (!table?.present) return { demo: false };
  const [row] = await prisma().$queryRaw<{ scenario: string | null; scale: number | null }[]>`SELECT scenario, scale FROM demo_city.seeded_city LIMIT 1`;
  return row ? { demo: true, scenario: row.scenario, scale: row.scale } : { demo: false };
}

export function dashboardRouter(): Router {
  const operations = dashboardOperations(loadManifest());
  const missingFonts = [...FONT_FILES].filter((file) => !existsSync(path.join(FONT_FOLDER, file)));
  // Without them Chinese shows as blanks on a bare machine: say so at start instead.
  if (missingFonts.length > 0) throw new Error(`@fontsource/noto-sans-tc lacks ${missingFonts.join(', ')} in ${FONT_FOLDER}: run \`npm install\``);
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
  // Aggregate-free and person-free: whether the figures come from a generated city, for the page's banner.
  router.get('/dashboard/city.json', async (_req, res) => {
    secureHeaders(res);
    res.set('Cache-Control', 'no-cache');
    try {
      res.json(await seededCity());
    } catch {
      res.status(503).json({ demo: null });
    }
  });
  router.get('/dashboard/fonts/:file', (req, res, next) => {
    const file = req.params.file;
    if (!FONT_FILES.has(file)) return next();
    secureHeaders(res);
    res.type('font/woff2');
    res.sendFile(path.join(FONT_FOLDER, file), { maxAge: FONT_MAX_AGE, immutable: true });
  });
  router.get('/dashboard/assets/:file', (req, res, next) => {
    const file = req.params.file;
    if (!assets.has(file)) return next();
    secureHeaders(res);
    res.sendFile(path.join(HERE, file), { maxAge: '1h' });
  });
  return router;
}
