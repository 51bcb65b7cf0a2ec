// The client of the Labor Affairs Bureau's referral API: the only code that
// does I/O against the agency. Timeouts, retries with exponential backoff on
// network errors, 429 and 5xx, and a clear error when the API stays down.
import type { LaborApiItem } from './mapping.ts';

export class UpstreamUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamUnavailableError';
  }
}

export interface LaborSource {
  /** Every item modified after `since`, page by page. */
  pages(since: string | null): AsyncGenerator<LaborApiItem[]>;
  describe(): string;
}

export interface HttpOptions {
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  pageSize?: number;
}

export class HttpLaborSource implements LaborSource {
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly pageSize: number;

  constructor(private readonly baseUrl: string, options: HttpOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 250;
    this.pageSize = options.pageSize ?? 200;
  }

  async *pages(since: string | null): AsyncGenerator<LaborApiItem[]> {
    for (let page: number | null = 1; page !== null; ) {
      const url = new URL('/api/v1/referrals', this.baseUrl);
      url.searchParams.set('updated_since', since ?? '1970-01-01T00:00:00.000Z');
      url.searchParams.set('page', String(page));
      url.searchParams.set('page_size', String(this.pageSize));
      const body = (await this.fetchJson(url)) as { items?: unknown; next_page?: unknown } | null;
      // A page that is not the API's shape cannot be read item by item; a bad item within a page is the sync's to quarantine.
      if (!Array.isArray(body?.items) || !(body.next_page === null || body.next_page === undefined || Number.isInteger(body.next_page))) {
        throw new UpstreamUnavailableError(`The labor referrals API at ${this.baseUrl} answered page ${page} without an items list and next page`);
      }
      yield body.items as LaborApiItem[];
      page = (body.next_page as number | null | undefined) ?? null;
    }
  }

  describe(): string {
    return `HTTP API ${this.baseUrl}`;
  }

  private async fetchJson(url: URL): Promise<unknown> {
    let lastProblem = '';
    let attempt = 1;
    for (; attempt <= this.attempts; attempt++) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
        if (response.ok) return await response.json();
        lastProblem = `HTTP ${response.status}`;
        if (response.status !== 429 && response.status < 500) break; // a client error will not improve on retry
      } catch (error) {
        lastProblem = (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (error as Error).message;
      }
      if (attempt < this.attempts) await new Promise((resolve) => setTimeout(resolve, this.backoffMs * 2 ** (attempt - 1)));
    }
    const tries = Math.min(attempt, this.attempts);
    throw new UpstreamUnavailableError(`The labor referrals API at ${this.baseUrl} is unavailable (${lastProblem}) after ${tries} attempt${tries === 1 ? '' : 's'}`);
  }
}
