// The HTTP face of the hub: the gateway at /graphql, the explorer at /, and
// a health check. Used by `npm start` and by the tests.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express from 'express';
import { createContext, type HubContext } from '../graph/context.ts';
import { createGateway } from '../gateway/gateway.ts';
import type { Subgraph } from '../gateway/subgraphs.ts';
import { explorerRouter } from './explorer.ts';
import { formatError } from './format-error.ts';
import { viewerFromHeaders } from './viewer.ts';

export interface HubServer {
  httpServer: http.Server;
  apollo: ApolloServer<HubContext>;
  url: string;
  stop(): Promise<void>;
}

export interface HubServerOptions {
  subgraphs: Subgraph[];
  port: number;
  remoteSubgraphUrls?: Record<string, string>;
  log?: (line: string) => void;
}

const BODY_LIMIT = '1mb';

export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<HubContext>({
    gateway: createGateway(options.subgraphs, options.remoteSubgraphUrls),
    includeStacktraceInErrorResponses: false,
    introspection: process.env.NODE_ENV !== 'production',
    csrfPrevention: true,
    formatError: (formatted, error) => {
      const requestId = (error as { requestId?: string } | undefined)?.requestId;
      return formatError(formatted, requestId, log);
    },
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), requestIdPlugin()],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(explorerRouter());
  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(viewerFromHeaders(req.headers), randomUUID()),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, '0.0.0.0', () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    httpServer,
    apollo,
    url: `http://localhost:${port}/graphql`,
    stop: () => apollo.stop(),
  };
}

/** Tags each error with the request id so formatError can quote it to the client and the log. */
function requestIdPlugin() {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }: { contextValue: HubContext; errors: readonly Error[] }) {
          for (const error of errors) Object.assign(error, { requestId: contextValue.requestId });
        },
      };
    },
  };
}
