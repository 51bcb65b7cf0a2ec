// The gateway opens no connection it was not configured to open: Apollo
// Gateway's default usage metrics (to Apollo's servers) and its cloud
// metadata probes (169.254.169.254 and the like) stay off.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import net from 'node:net';
import { createGateway } from '../../src/gateway/gateway.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { createTestAuth } from '../support/test-auth.ts';

const connects: unknown[] = [];
const originalConnect = net.Socket.prototype.connect;

beforeAll(() => {
  delete process.env.APOLLO_TELEMETRY_DISABLED;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    connects.push(args[0]);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof originalConnect;
});
afterAll(() => {
  net.Socket.prototype.connect = originalConnect;
});

it('creates the gateway without opening any connection', async () => {
  const auth = await createTestAuth();
  const gateway = createGateway(allSubgraphs(), auth.settings);
  await gateway.load();
  // The metadata probes start at once and try for about a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await gateway.stop();
  expect(connects).toEqual([]);
});
