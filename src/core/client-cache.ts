import type { ClientRecord, ClientsRepository } from "./ports/storage/index.js";
import type { Clock } from "./ports/clock.js";
import { withoutCallDeadline } from "./ports/call-deadline.js";

/**
 * Client records cached in memory for `ttlMs` (every authorize and token call reads the
 * client). Changes made through this process evict at once; other instances see them
 * within the TTL.
 */
export interface ClientCache {
  get(clientId: string): Promise<ClientRecord | null>;
  evict(clientId: string): void;
}

export function createClientCache(repo: ClientsRepository, clock: Clock, ttlMs = 30_000, maxEntries = 10_000): ClientCache {
  const entries = new Map<string, { value: Promise<ClientRecord | null>; expires: number }>();
  return {
    get(clientId) {
      const now = clock();
      const hit = entries.get(clientId);
      if (hit && hit.expires > now) return hit.value;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      // Shared by every caller until it settles, so no one caller's deadline may cut it short.
      const value = withoutCallDeadline(() => repo.get(clientId));
      entries.set(clientId, { value, expires: now + ttlMs });
      value.catch(() => entries.delete(clientId));
      return value;
    },
    evict(clientId) {
      entries.delete(clientId);
    },
  };
}
