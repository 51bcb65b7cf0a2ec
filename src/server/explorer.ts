// An API explorer (GraphiQL) served entirely from local npm packages, so it
// works in air-gapped networks where CDNs are unreachable.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import helmet from 'helmet';

const require = createRequire(import.meta.url);

const ASSETS: Record<string, string> = {
  'react.js': path.join(path.dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'),
  'react-dom.js': path.join(path.dirname(require.resolve('react-dom/package.json')), 'umd/react-dom.production.min.js'),
  'graphiql.js': path.join(path.dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
  'graphiql.css': path.join(path.dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
};

const FIRST_QUERY = `# Safety Net Hub: a first query. Press the ▶ button.
query FirstFamily {
  families(first: 1, filter: { caseStatus: OPEN }) {
    totalCount
    edges {
      node {
        id
        district { nameZh name }
        members { relationship person { name birthDate } }
        cases(status: OPEN) { kind ownerUnit { code } leadWorker { name } contactCount }
        referrals { status fromUnit { code } toUnit { code } reason }
        servingUnits { unit { code nameZh } involvement caseKind since }
      }
    }
  }
}
`;

// The page's only inline code: the policy below names each by its hash, so
// no other inline script or style (an injected one, say) can run.
const START = `
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    ReactDOM.createRoot(document.getElementById('explorer')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(FIRST_QUERY)} }),
    );
  `;
const LAYOUT = 'html, body, #explorer { height: 100%; margin: 0; }';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function page(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Safety Net Hub · API explorer</title>
  <link rel="stylesheet" href="/explorer/graphiql.css">
  <style>${LAYOUT}</style>
</head>
<body>
  <div id="explorer">Loading the explorer…</div>
  <script src="/explorer/react.js"></script>
  <script src="/explorer/react-dom.js"></script>
  <script src="/explorer/graphiql.js"></script>
  <script>${START}</script>
</body>
</html>`;
}

// Scripts and styles from this origin (plus the two hashed inline blocks),
// requests to /graphql only, no embedding. GraphiQL's stylesheet carries its
// fonts as data: URLs; React sets element styles through the CSSOM, which
// style-src does not govern.
const explorerPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'", sha256(START)],
    styleSrc: ["'self'", sha256(LAYOUT)],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

export function explorerRouter(): Router {
  const router = express.Router();
  router.get('/', explorerPolicy, (_req, res) => {
    res.type('html').send(page());
  });
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/explorer/${name}`, (_req, res) => {
      res.sendFile(file, { maxAge: '1d' });
    });
  }
  return router;
}

export { FIRST_QUERY };
