/**
 * Single-valued request parameters. RFC 6749 §3.1: "Request and response
 * parameters MUST NOT be included more than once" and "Parameters sent without a
 * value MUST be treated as if they were omitted".
 */
export interface Params {
  /** The value of a single-valued parameter, or `''` when absent. */
  get(name: string): string;
  /** Every value of a parameter declared multi-valued. */
  all(name: string): string[];
  /** Whether a parameter was sent with a value. */
  has(name: string): boolean;
}

/** The outcome of {@link parseParams}: the parameters, or the first repeated name. */
export type ParamsResult = { ok: true; params: Params } | { ok: false; duplicate: string };

/**
 * Collects parameters, refusing a repeated single-valued one. Names listed in
 * `multiValued` may repeat (e.g. `resource`, RFC 8707 §2; checkbox lists).
 */
export function parseParams(search: URLSearchParams, multiValued: readonly string[] = []): ParamsResult {
  const single = new Map<string, string>();
  const multi = new Map<string, string[]>();
  for (const [name, value] of search) {
    if (value === '') continue;
    if (multiValued.includes(name)) {
      multi.set(name, [...(multi.get(name) ?? []), value]);
    } else if (single.has(name)) {
      return { ok: false, duplicate: name };
    } else {
      single.set(name, value);
    }
  }
  return {
    ok: true,
    params: {
      get: (name) => single.get(name) ?? '',
      all: (name) => multi.get(name) ?? [],
      has: (name) => single.has(name) || multi.has(name),
    },
  };
}
