// The largest request body a gateway reads, and its answer past it: the
// built-in gateway's express.json limit (app.ts) and Hive Gateway's plugin
// (gateway/hive/body-limit.ts) share them.

/** 1 MB: the largest operation with its variables is a few kilobytes. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export const TOO_LARGE_ANSWER = { errors: [{ message: 'The request body is larger than the 1 MB limit', extensions: { code: 'BAD_REQUEST' } }] };
