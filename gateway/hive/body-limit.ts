// A Hive Gateway plugin giving POST bodies the built-in gateway's limit
// (BODY_LIMIT_BYTES, 1 MB; src/server/app.ts): a longer body is answered 400
// BAD_REQUEST with the same message before it is parsed. Hive alone read
// bodies up to 25 MB. The body is read up to the limit whatever its declared
// length (a chunked body declares none), then handed to Hive's own parser.
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { BODY_LIMIT_BYTES, TOO_LARGE_ANSWER } from '../../src/server/body-limit.ts';

/** The body's bytes, or null as soon as they pass `limit`. */
async function readUpTo(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

export function bodyLimitPlugin(): GatewayPlugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method !== 'POST' || !requestParser) return;
      setRequestParser(async (req) => {
        const tooLarge = () => fetchAPI.Response.json(TOO_LARGE_ANSWER, { status: 400 });
        if (Number(req.headers.get('content-length') ?? 0) > BODY_LIMIT_BYTES) return tooLarge();
        const body = await readUpTo(req, BODY_LIMIT_BYTES);
        if (body === null) return tooLarge();
        return requestParser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body }));
      });
    },
  };
}
