/** A value with how long it may be reused. */
export interface Fresh<T> {
  value: T;
  maxAgeSeconds: number;
}

/** A cached value and the seconds it stays fresh from now. */
export interface Cached<T> {
  value: T;
  remainingSeconds: number;
}

/**
 * Caches the result of `load` for the max age it reports. Concurrent misses
 * share one load. When a reload fails and an expired value exists, that value
 * is served (with 0 s left) rather than failing the metadata endpoints while
 * the core restarts; the failure still propagates when nothing was ever loaded.
 */
export function ttlCache<T>(load: () => Promise<Fresh<T>>, now: () => number): () => Promise<Cached<T>> {
  let entry: { value: T; expiresAt: number } | undefined;
  let inflight: Promise<Cached<T>> | undefined;
  const remaining = (expiresAt: number): number => Math.max(0, Math.floor((expiresAt - now()) / 1000));
  return () => {
    if (entry && entry.expiresAt > now()) {
      return Promise.resolve({ value: entry.value, remainingSeconds: remaining(entry.expiresAt) });
    }
    inflight ??= load()
      .then((fresh) => {
        entry = { value: fresh.value, expiresAt: now() + Math.max(0, fresh.maxAgeSeconds) * 1000 };
        return { value: fresh.value, remainingSeconds: Math.max(0, fresh.maxAgeSeconds) };
      })
      .catch((err: unknown) => {
        if (entry) return { value: entry.value, remainingSeconds: 0 };
        throw err;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
}
