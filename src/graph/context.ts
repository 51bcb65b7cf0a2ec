// Per-request state. A fresh context is built for every request; nothing
// here may outlive it (no module-level caches of request data).
import { randomUUID } from 'node:crypto';
import { unauthenticated } from './errors.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** Who is asking. Until token verification lands this comes from development headers. */
export interface Viewer {
  workerId: string;
  unit: string;
}

export interface HubContext {
  requestId: string;
  viewer: Viewer | null;
  loaders: Loaders;
}

export function createContext(viewer: Viewer | null, requestId: string = randomUUID()): HubContext {
  return { requestId, viewer, loaders: createLoaders() };
}

export function requireViewer(ctx: HubContext): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
