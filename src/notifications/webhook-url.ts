// Which endpoints a webhook may have. HTTPS only; plain http only to this
// machine (localhost, 127.0.0.1, [::1]) and only when NODE_ENV is development
// or test. Outside those, the hub refuses addresses that point back into its
// own network by their literal form (loopback, private, link-local — the
// cloud metadata address 169.254.169.254 — and unspecified), URLs with
// credentials, and ports other than 443 or 1024–65535. A host name that
// resolves to a private address later is not caught here (DNS can change
// after registration); deliveries never follow redirects.
import { isIP } from 'node:net';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isDevelopment(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'development' || env.NODE_ENV === 'test';
}

function privateIpv4(host: string): boolean {
  const [a, b] = host.split('.').map(Number) as [number, number];
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
}

function privateIpv6(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '::' || h === '::1' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80') || h.startsWith('::ffff:');
}

/** Why the URL cannot be a webhook endpoint, or null when it can. */
export function webhookUrlProblem(raw: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (raw.length > 2000) return 'must be at most 2000 characters';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  const host = url.hostname.toLowerCase();
  const local = LOCAL_HOSTS.has(host);
  if (url.protocol === 'http:') {
    return local && isDevelopment(env) ? null : 'must use https (plain http only to localhost in development and test)';
  }
  if (url.protocol !== 'https:') return 'must use https';
  if (local && isDevelopment(env)) return null;
  const bare = host.replace(/^\[|\]$/g, '');
  if (local || host.endsWith('.localhost') || (isIP(bare) === 4 && privateIpv4(bare)) || (isIP(bare) === 6 && privateIpv6(host))) {
    return 'must not point to a loopback, private or link-local address';
  }
  const port = url.port === '' ? 443 : Number(url.port);
  if (port !== 443 && port < 1024) return 'must use port 443 or a port from 1024';
  return null;
}
