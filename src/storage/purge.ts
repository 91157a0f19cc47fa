import type { Clock } from '../core/ports/clock.js';
import type { Database } from './db.js';

/** Rows deleted by one {@link purgeExpired} run, by table. */
export type PurgeCounts = Record<string, number>;

interface PurgeTarget {
  readonly table: string;
  readonly key: readonly string[];
  readonly expiry: string;
  /** Extra SQL narrowing what may go (bindings: `now`). */
  readonly keepIf?: string;
}

const targets: readonly PurgeTarget[] = [
  { table: 'transactions', key: ['id'], expiry: 'expires_at' },
  {
    table: 'authorization_codes',
    key: ['code_hash'],
    expiry: 'expires_at',
    // Keep a spent code while a token it bought is live: a late replay must still find it to revoke them.
    keepIf: 'EXISTS (SELECT 1 FROM issued_tokens i WHERE i.code_hash = authorization_codes.code_hash AND i.expires_at > ?)',
  },
  { table: 'issued_tokens', key: ['token_hash'], expiry: 'expires_at' },
  { table: 'replay_entries', key: ['kind', 'value_hash'], expiry: 'expires_at' },
  { table: 'nonces', key: ['nonce_hash'], expiry: 'expires_at' },
  { table: 'consents', key: ['client_id', 'subject'], expiry: 'expires_at' },
  { table: 'individual_limits', key: ['individual_hash'], expiry: 'expires_at' },
  { table: 'mock_identity_otps', key: ['key_hash'], expiry: 'expires_at' },
  { table: 'mock_identity_kyc_tokens', key: ['token_hash'], expiry: 'expires_at' },
];

/**
 * Deletes rows whose expiry is at or before `now`, `batchSize` rows per statement so no single
 * statement holds locks for long, looping per table until a batch comes back short.
 */
export async function purgeExpired(db: Database, now: number, batchSize = 500): Promise<PurgeCounts> {
  const counts: PurgeCounts = {};
  for (const t of targets) {
    counts[t.table] = 0;
    for (;;) {
      const deleted = await deleteBatch(db, t, now, batchSize);
      counts[t.table] += deleted;
      if (deleted < batchSize) break;
    }
  }
  return counts;
}

async function deleteBatch(db: Database, t: PurgeTarget, now: number, batchSize: number): Promise<number> {
  // DELETE … LIMIT is not portable; a (row-value) IN over a limited SELECT is, on PostgreSQL and sqlite ≥ 3.15.
  const victims = db(t.table).select([...t.key]).where(t.expiry, '<=', now).limit(batchSize);
  if (t.keepIf) victims.whereRaw(`NOT ${t.keepIf}`, [now]);
  const [single] = t.key;
  const doomed = t.key.length === 1 && single ? db(t.table).whereIn(single, victims) : db(t.table).whereIn([...t.key], victims);
  return doomed.del();
}

/** The interval timer {@link startPurger} uses; tests pass one they fire themselves. */
export interface PurgeTimer {
  /**
   * Calls `run` every `intervalMs` without keeping the process alive; returns the cancel function.
   * `run` returns the purge it started, or undefined when one was still in progress.
   */
  every(intervalMs: number, run: () => Promise<void> | undefined): () => void;
}

const unrefInterval: PurgeTimer = {
  every(intervalMs, run) {
    const timer = setInterval(run, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** Runs {@link purgeExpired} every `intervalMs`; returns a stop function. The timer does not keep the process alive. */
export function startPurger(
  db: Database,
  intervalMs: number,
  clock: Clock,
  onError: (err: unknown) => void = () => {},
  timer: PurgeTimer = unrefInterval,
): () => void {
  let running = false;
  return timer.every(intervalMs, () => {
    if (running) return undefined; // a slow run is not stacked upon
    running = true;
    return purgeExpired(db, clock())
      .then(() => undefined, onError)
      .finally(() => {
        running = false;
      });
  });
}
