// Talks to the hub's public GraphQL API: the analyst's token, and the three
// dashboard operations sent with their persisted-operation hash, so the page
// keeps working when the hub accepts only allow-listed operations.

const TOKEN_KEY = 'safety-net-hub.dashboard.token';

/** Thrown when the hub refuses the token (HTTP 401): the page asks for a new one. */
export class TokenRefused extends Error {}

/** Thrown when the hub answered with errors and no usable data. */
export class HubError extends Error {
  /** codes: the answer's error codes; status: the HTTP status when the hub answered with no data. */
  constructor(message, codes, status = null) {
    super(message);
    this.codes = codes;
    this.status = status;
    /** For SERVICE_UNAVAILABLE: the seconds the hub asked to wait before trying again. */
    this.retryAfterSeconds = null;
  }
}

/**
 * The token handed over in the link (#token=…) or kept from earlier in this
 * tab. A token in the fragment never reaches a server log, and it is taken
 * out of the address bar at once so it is not bookmarked, shared or left in
 * the history.
 */
export function takeToken(location, history, storage) {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const handed = fragment.get('token');
  if (handed) {
    storage.setItem(TOKEN_KEY, handed.trim());
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  }
  return storage.getItem(TOKEN_KEY);
}

export function keepToken(storage, token) {
  storage.setItem(TOKEN_KEY, token.trim());
}

export function forgetToken(storage) {
  storage.removeItem(TOKEN_KEY);
}

export async function loadOperations() {
  const response = await fetch('/dashboard/operations.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new HubError(`operations: HTTP ${response.status}`, [], response.status);
  return response.json();
}

/** Whether the hub serves a generated demo city ({ demo, scenario, scale }); null when it cannot say. */
export async function loadCity() {
  try {
    const response = await fetch('/dashboard/city.json', { headers: { accept: 'application/json' } });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/** Times a request answered "busy, retry in n s" (SERVICE_UNAVAILABLE) is sent again before the page says so. */
const BUSY_RETRIES = 3;
/** Longest wait between tries, whatever Retry-After says. */
const MAX_BUSY_WAIT_SECONDS = 10;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one persisted operation. Resolves to { data, errors }: a partial answer
 * (one agency's subgraph down) still shows everything else. A hub that is busy
 * (the first report after the counts changed is audited before it is
 * published, and may outlast the request's deadline) answers 503 with
 * Retry-After; the page waits as told and asks again, a few times.
 */
export async function runOperation(operations, name, variables, token) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await runOperationOnce(operations, name, variables, token);
    } catch (error) {
      const busy = error instanceof HubError && error.codes.includes('SERVICE_UNAVAILABLE');
      if (!busy || attempt >= BUSY_RETRIES) throw error;
      await sleep(Math.min(error.retryAfterSeconds ?? 5, MAX_BUSY_WAIT_SECONDS) * 1000);
    }
  }
}

async function runOperationOnce(operations, name, variables, token) {
  const operation = operations[name];
  if (!operation) throw new HubError(`unknown operation ${name}`, []);
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: operation.query,
        variables,
        operationName: name,
        extensions: { persistedQuery: { version: 1, sha256Hash: operation.hash } },
      }),
    });
  } catch (error) {
    throw new HubError(error instanceof Error ? error.message : String(error), []);
  }
  if (response.status === 401) throw new TokenRefused('token refused');
  let body;
  try {
    body = await response.json();
  } catch {
    throw new HubError(`HTTP ${response.status}`, [], response.status);
  }
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const codes = errors.map((e) => e.extensions?.code).filter(Boolean);
  if (codes.includes('UNAUTHENTICATED')) throw new TokenRefused('token refused');
  if (!body.data) {
    const failure = new HubError(errors.map((e) => e.message).join('; ') || `HTTP ${response.status}`, codes, codes.length > 0 ? null : response.status);
    failure.retryAfterSeconds = errors.find((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')?.extensions?.retryAfterSeconds ?? null;
    throw failure;
  }
  return { data: body.data, errors };
}
