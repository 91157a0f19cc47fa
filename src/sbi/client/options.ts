/**
 * Client options shared by discovery, info and capture (reference sbi.md §1.1, §1.4, §10).
 */
import { SBI_PORT_RANGE, SBI_VERBS } from '../constants.js';
import { defaultFetch, type FetchLike } from './http.js';

/** Inclusive port range. */
export interface PortRange {
  from: number;
  to: number;
}

/** Options every client call accepts. */
export interface SbiClientOptions {
  /** Base host; the spec requires `http://127.0.0.1`, not localhost (§1.1). */
  host?: string;
  /** Injected fetch (tests, instrumentation). Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Discovery verb; default MOSIPDISC. Set "SBIDISC" for 2022-draft devices (§10). */
  discoverVerb?: string;
  /** Device info verb; default MOSIPDINFO ("SBIDINFO"/"SBIINFO" for newer drafts). */
  infoVerb?: string;
}

/** Resolved {@link SbiClientOptions}. */
export interface ResolvedClientOptions {
  host: string;
  fetch: FetchLike;
  discoverVerb: string;
  infoVerb: string;
}

/** Fills defaults. */
export function resolveClientOptions(options: SbiClientOptions = {}): ResolvedClientOptions {
  return {
    host: (options.host ?? 'http://127.0.0.1').replace(/\/+$/, ''),
    fetch: options.fetch ?? defaultFetch(),
    discoverVerb: options.discoverVerb ?? SBI_VERBS.discover,
    infoVerb: options.infoVerb ?? SBI_VERBS.info,
  };
}

/**
 * Parses "4501-4600" or a {@link PortRange} and clamps it as the eSignet UI library does: anything
 * non-numeric, outside 4501–4600 or reversed falls back to the default range (§1.1).
 */
export function resolvePortRange(range?: PortRange | string): PortRange {
  let from: number;
  let to: number;
  if (typeof range === 'string') {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(range);
    if (!m) return { ...SBI_PORT_RANGE };
    from = Number(m[1]);
    to = Number(m[2]);
  } else if (range) {
    ({ from, to } = range);
  } else {
    return { ...SBI_PORT_RANGE };
  }
  const valid = Number.isInteger(from) && Number.isInteger(to) && from <= to
    && from >= SBI_PORT_RANGE.from && to <= SBI_PORT_RANGE.to;
  return valid ? { from, to } : { ...SBI_PORT_RANGE };
}
