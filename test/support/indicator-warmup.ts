// The hub audits the disclosure control of a year's indicators on the first
// request after its counts change (src/indicators/disclosure-repair.ts): on
// a loaded test machine that first request can outlast the request timeout,
// and the hub answers SERVICE_UNAVAILABLE with retryAfterSeconds while the
// audit finishes and is cached. Clients retry as told; tests that time their
// own waits (a browser's) first warm the years they will ask for this way.

interface Answer {
  errors?: { extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

/** Sends until the answer is not SERVICE_UNAVAILABLE (at most `attempts` times), waiting as the hub asks; returns the last answer. */
export async function untilAvailable<T extends Answer>(send: () => Promise<T>, attempts = 20): Promise<T> {
  let answer = await send();
  for (let attempt = 1; attempt < attempts; attempt += 1) {
    const busy = answer.errors?.find((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
    if (!busy) return answer;
    await new Promise((resolve) => setTimeout(resolve, (busy.extensions?.retryAfterSeconds ?? 5) * 1000));
    answer = await send();
  }
  return answer;
}
