// An agency source that is not there (a table never generated, a database
// renamed) or cannot be reached is the operator's to fix, not a bug: its
// error says so in one sentence that names the source (host, schema; never a
// password) and where to look, instead of a driver's stack trace.
export class SourceUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceUnavailableError';
  }
}

/** PostgreSQL SQLSTATEs and socket errors an operator acts on: the source is missing or out of reach. */
const OPERATOR_CODES = new Set([
  '42P01', // undefined table
  '3F000', // undefined schema
  '3D000', // undefined database
  '28P01', // password authentication failed
  '28000', // no pg_hba.conf entry
  '57P03', // cannot connect now (starting up, shutting down)
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/**
 * Runs one request against an agency source; an error an operator can act on
 * becomes a SourceUnavailableError naming `source` and ending in `hint`
 * (e.g. which setting names the real source). Anything else is rethrown.
 */
export async function fromSource<T>(source: string, hint: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !OPERATOR_CODES.has(code)) throw error;
    const message = (error as Error).message || code;
    throw new SourceUnavailableError(`${source} is unavailable: ${message}; ${hint}`, { cause: error });
  }
}
