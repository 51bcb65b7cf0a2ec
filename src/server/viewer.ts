// Who is calling. Token verification is not built yet: until it is, the hub
// takes the worker and unit from development headers, and README says that
// it must not be exposed beyond a developer's machine meanwhile.
import type { IncomingHttpHeaders } from 'node:http';
import { UNIT_CODES } from '../domain/codes.ts';
import type { Viewer } from '../graph/context.ts';

export function viewerFromHeaders(headers: IncomingHttpHeaders): Viewer | null {
  const unit = String(headers['x-hub-unit'] ?? '').trim().toUpperCase();
  const workerId = String(headers['x-hub-worker'] ?? '').trim();
  if (!workerId || !(UNIT_CODES as readonly string[]).includes(unit)) return null;
  return { unit, workerId };
}
