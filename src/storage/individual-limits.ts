import type { Database } from './db.js';
import type { IndividualLimitsRepository, StoredIndividualLimits } from '../core/ports/storage/individual-limits.js';
import { fromJson, toJson } from './json.js';

/** An `individual_limits` row. */
export interface LimitsRow {
  individual_hash: string; failures: number; in_flight: number; last_attempt_at: number;
  last_failure_at: number | null; locked_until: number | null; otp_sends: string;
  version: number; updated_at: number; expires_at: number;
}

const TABLE = 'individual_limits';
/** One fewer in flight, never below zero (a stale count may have been reset meanwhile). */
export const DECREMENT_IN_FLIGHT = 'CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END';

/** The knex implementation of {@link IndividualLimitsRepository}. */
export function knexIndividualLimits(db: Database): IndividualLimitsRepository {
  const table = () => db(TABLE);
  return {
    async get(individualHash) {
      const row = (await table().where({ individual_hash: individualHash }).first()) as LimitsRow | undefined;
      return row ? limitsFromRow(row) : null;
    },
    async compareAndSet(individualHash, next, expectedVersion, expiresAt, now) {
      const columns = {
        failures: next.failures, in_flight: next.inFlight, last_attempt_at: next.lastAttemptAt,
        last_failure_at: next.lastFailureAt, locked_until: next.lockedUntil, otp_sends: toJson(next.otpSends),
        updated_at: now, expires_at: expiresAt,
      };
      if (expectedVersion === null) {
        const inserted = (await table()
          .insert({ individual_hash: individualHash, ...columns, version: 1 })
          .onConflict('individual_hash')
          .ignore()
          .returning('individual_hash')) as unknown[];
        return inserted.length === 1;
      }
      const changed = await table()
        .where({ individual_hash: individualHash, version: expectedVersion })
        .update({ ...columns, version: expectedVersion + 1 });
      return changed === 1;
    },
    async recordFailure(individualHash, now, lock, expiresAt) {
      await table().where({ individual_hash: individualHash }).update({
        failures: db.raw('failures + 1'),
        in_flight: db.raw(DECREMENT_IN_FLIGHT),
        last_failure_at: now,
        locked_until: db.raw('CASE WHEN failures + 1 >= ? THEN ? ELSE locked_until END', [lock.after, lock.until]),
        version: db.raw('version + 1'),
        updated_at: now,
        expires_at: db.raw('CASE WHEN expires_at > ? THEN expires_at ELSE ? END', [expiresAt, expiresAt]),
      });
    },
    async recordSuccess(individualHash, now) {
      await table().where({ individual_hash: individualHash }).update({
        failures: 0,
        in_flight: db.raw(DECREMENT_IN_FLIGHT),
        last_failure_at: null,
        locked_until: null,
        version: db.raw('version + 1'),
        updated_at: now,
      });
    },
    async release(individualHash, now) {
      await table().where({ individual_hash: individualHash }).update({
        in_flight: db.raw(DECREMENT_IN_FLIGHT),
        version: db.raw('version + 1'),
        updated_at: now,
      });
    },
    async countLocked(now) {
      const row = (await table().where('locked_until', '>', now).count({ n: '*' }).first()) as { n: number | string } | undefined;
      return Number(row?.n ?? 0);
    },
    async clear(individualHash) {
      const row = (await table().where({ individual_hash: individualHash }).first()) as LimitsRow | undefined;
      await table().where({ individual_hash: individualHash }).del();
      return row ? limitsFromRow(row) : null;
    },
  };
}

/** An `individual_limits` row as the port's record. */
export function limitsFromRow(r: LimitsRow): StoredIndividualLimits {
  return {
    failures: Number(r.failures), inFlight: Number(r.in_flight), lastAttemptAt: Number(r.last_attempt_at),
    lastFailureAt: r.last_failure_at === null ? null : Number(r.last_failure_at),
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
    otpSends: fromJson<number[]>(r.otp_sends), version: Number(r.version), expiresAt: Number(r.expires_at),
  };
}
