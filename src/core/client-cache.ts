import { LRUCache } from "lru-cache";
import type { ClientRecord, ClientsRepository } from "./ports/storage/index.js";
import type { Clock } from "./ports/clock.js";
import { withoutCallDeadline } from "./ports/call-deadline.js";

/**
 * Client records cached in memory for `ttlMs` (every authorize and token call reads the
 * client). Changes made through this process evict at once; on PostgreSQL, changes made through
 * other instances too, as their notifications arrive (storage/pg/client-changes.ts), and while
 * those cannot be heard the cache reads every client from the store ({@link ClientCache.readThrough});
 * otherwise (several processes on one sqlite file) other instances see them within the TTL.
 *
 * The cache is keyed by what callers send, so it is bounded three ways: only well-formed
 * client ids (what registration accepts: 1–100 characters, no whitespace) are looked up
 * or cached at all — anything else is unknown without a query; at most `maxEntries`
 * entries and `maxBytes` of keys and records are held, least recently used first out;
 * and expired entries are dropped (on access, and in a sweep at most once per TTL).
 */
export interface ClientCache {
  get(clientId: string): Promise<ClientRecord | null>;
  evict(clientId: string): void;
  /** Forgets every cached record. */
  clear(): void;
  /**
   * `true`: changes made elsewhere may go unheard, so nothing is served from the cache or kept in
   * it — every `get` reads the store (and what was cached is forgotten); `false`: cache again.
   */
  readThrough(on: boolean): void;
  /** What the cache holds now (entries, and the bytes charged for them). */
  stats(): { entries: number; bytes: number };
}

/** The client-id rule of registration (`invalid_client_id`). */
const WELL_FORMED_CLIENT_ID = /^\S{1,100}$/u;

/** Size charged for an entry until its record has loaded. */
const PENDING_BYTES = 1024;

export interface ClientCacheLimits {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly maxBytes?: number;
}

export function createClientCache(repo: ClientsRepository, clock: Clock, limits: ClientCacheLimits = {}): ClientCache {
  const ttlMs = limits.ttlMs ?? 30_000;
  const cache = new LRUCache<string, { value: Promise<ClientRecord | null> }>({
    max: limits.maxEntries ?? 10_000,
    maxSize: limits.maxBytes ?? 32 * 1024 * 1024,
    ttl: ttlMs,
    // Expiry follows the injected clock, like every other lifetime in the core (read on
    // every check: no cached "now").
    perf: { now: () => clock() },
    ttlResolution: 0,
  });
  let lastSweep = clock();
  let through = false;
  return {
    get(clientId) {
      if (clientId.length > 100 || !WELL_FORMED_CLIENT_ID.test(clientId)) return Promise.resolve(null);
      if (through) return repo.get(clientId);
      const now = clock();
      if (now - lastSweep >= ttlMs) {
        lastSweep = now;
        cache.purgeStale();
      }
      const hit = cache.get(clientId);
      if (hit) return hit.value;
      // Shared by every caller until it settles, so no one caller's deadline may cut it short.
      const entry = { value: withoutCallDeadline(() => repo.get(clientId)) };
      cache.set(clientId, entry, { size: 2 * clientId.length + PENDING_BYTES });
      entry.value.then(
        (record) => {
          // Charge what is really held once it is known (UTF-16: two bytes a character).
          // (a new wrapper object: lru-cache keeps the old size when the same value is set again).
          if (cache.peek(clientId) === entry) cache.set(clientId, { value: entry.value }, { size: 2 * (clientId.length + JSON.stringify(record).length), noUpdateTTL: true });
        },
        () => {
          if (cache.peek(clientId) === entry) cache.delete(clientId);
        },
      );
      return entry.value;
    },
    evict(clientId) {
      cache.delete(clientId);
    },
    clear() {
      cache.clear();
    },
    readThrough(on) {
      through = on;
      cache.clear();
    },
    stats() {
      return { entries: cache.size, bytes: cache.calculatedSize };
    },
  };
}
