/**
 * One SBI HTTP exchange with `fetch` only (browser and Node). Custom verbs such as MOSIPDISC go in
 * `method`; the browser preflights them (reference sbi.md §1.3). No credentials are sent.
 */

/** The `fetch` signature the client needs; injectable for tests. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Outcome of {@link sbiExchange}. */
export type ExchangeResult =
  | { ok: true; body: unknown }
  | { ok: false; reason: 'timeout' | 'network' | 'not_json' };

/**
 * Sends `method url` with an optional JSON body and parses the JSON reply regardless of HTTP status
 * (MockMDS answers 200 for application errors and 405 with a JSON error body, §1.2).
 */
export async function sbiExchange(
  fetchImpl: FetchLike, url: string, method: string, body: unknown, timeoutMs: number,
): Promise<ExchangeResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const init: RequestInit = { method, signal: controller.signal, credentials: 'omit', cache: 'no-store' };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json' };
    }
    const response = await fetchImpl(url, init);
    const text = await response.text();
    try {
      return { ok: true, body: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, reason: 'not_json' };
    }
  } catch {
    return { ok: false, reason: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
}

/** The default fetch, bound so browsers do not complain about an illegal invocation. */
export function defaultFetch(): FetchLike {
  return (input, init) => globalThis.fetch(input, init);
}
