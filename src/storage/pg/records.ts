import type { ConsentsRepository } from '../../core/ports/storage/consents.js';
import type { IndividualLimitsRepository } from '../../core/ports/storage/individual-limits.js';
import type { NoncesRepository } from '../../core/ports/storage/nonces.js';
import type { ReplayRepository } from '../../core/ports/storage/replay.js';
import { consentFromRow, type ConsentRow } from '../consents.js';
import { DECREMENT_IN_FLIGHT, limitsFromRow, type LimitsRow } from '../individual-limits.js';
import { toJson } from '../json.js';
import type { Query } from './session.js';

/** The columns read, named rather than `*` (see TRANSACTION_COLUMNS in flow.ts). */
const CONSENT_COLUMNS = 'client_id, subject, claims, scopes, request_hash, created_at, expires_at';
const LIMITS_COLUMNS = 'individual_hash, failures, in_flight, last_attempt_at, last_failure_at, locked_until, otp_sends, version, updated_at, expires_at';

/** {@link ReplayRepository} on a named prepared statement: one upsert, so of N racing callers one wins. */
export function pgReplay(query: Query): ReplayRepository {
  return {
    async recordOnce(kind, valueHash, expiresAt, now) {
      // The row comes back exactly when the value was new or its old entry had expired.
      const { rows } = await query(
        'insert',
        'INSERT INTO replay_entries (kind, value_hash, expires_at) VALUES ($1, $2, $3) ' +
          'ON CONFLICT (kind, value_hash) DO UPDATE SET expires_at = excluded.expires_at WHERE replay_entries.expires_at <= $4 RETURNING kind',
        [kind, valueHash, expiresAt, now],
      );
      return rows.length === 1;
    },
  };
}

/** {@link NoncesRepository} on named prepared statements; consumption is one conditional UPDATE. */
export function pgNonces(query: Query): NoncesRepository {
  return {
    async issue(nonceHash, expiresAt, now, kind = 'c_nonce') {
      await query('insert', 'INSERT INTO nonces (nonce_hash, kind, created_at, expires_at, consumed_at) VALUES ($1, $2, $3, $4, NULL)', [nonceHash, kind, now, expiresAt]);
    },
    async consume(nonceHash, now) {
      const { rowCount } = await query('update', 'UPDATE nonces SET consumed_at = $1 WHERE nonce_hash = $2 AND consumed_at IS NULL AND expires_at > $1', [now, nonceHash]);
      return rowCount === 1;
    },
  };
}

/** {@link ConsentsRepository} on named prepared statements. */
export function pgConsents(query: Query): ConsentsRepository {
  return {
    async upsert(k) {
      await query(
        'insert',
        `INSERT INTO consents (${CONSENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ` +
          'ON CONFLICT (client_id, subject) DO UPDATE SET claims = excluded.claims, scopes = excluded.scopes, ' +
          'request_hash = excluded.request_hash, created_at = excluded.created_at, expires_at = excluded.expires_at',
        [k.clientId, k.subject, toJson(k.claims), toJson(k.scopes), k.requestHash, k.createdAt, k.expiresAt],
      );
    },
    async get(clientId, subject, now) {
      const { rows } = await query<ConsentRow>(
        'select',
        `SELECT ${CONSENT_COLUMNS} FROM consents WHERE client_id = $1 AND subject = $2 AND (expires_at IS NULL OR expires_at > $3) LIMIT 1`,
        [clientId, subject, now],
      );
      return rows[0] ? consentFromRow(rows[0]) : null;
    },
    async delete(clientId, subject) {
      const { rowCount } = await query('delete', 'DELETE FROM consents WHERE client_id = $1 AND subject = $2', [clientId, subject]);
      return rowCount === 1;
    },
  };
}

/** {@link IndividualLimitsRepository} on named prepared statements: compare-and-set and one UPDATE per settlement. */
export function pgIndividualLimits(query: Query): IndividualLimitsRepository {
  return {
    async get(individualHash) {
      const { rows } = await query<LimitsRow>('select', `SELECT ${LIMITS_COLUMNS} FROM individual_limits WHERE individual_hash = $1`, [individualHash]);
      return rows[0] ? limitsFromRow(rows[0]) : null;
    },
    async compareAndSet(individualHash, next, expectedVersion, expiresAt, now) {
      const values = [next.failures, next.inFlight, next.lastAttemptAt, next.lastFailureAt, next.lockedUntil, toJson(next.otpSends), now, expiresAt];
      if (expectedVersion === null) {
        const { rowCount } = await query(
          'insert',
          'INSERT INTO individual_limits (individual_hash, failures, in_flight, last_attempt_at, last_failure_at, locked_until, otp_sends, updated_at, expires_at, version) ' +
            'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) ON CONFLICT (individual_hash) DO NOTHING',
          [individualHash, ...values],
        );
        return rowCount === 1;
      }
      const { rowCount } = await query(
        'update',
        'UPDATE individual_limits SET failures = $1, in_flight = $2, last_attempt_at = $3, last_failure_at = $4, locked_until = $5, otp_sends = $6, ' +
          'updated_at = $7, expires_at = $8, version = $9 WHERE individual_hash = $10 AND version = $11',
        [...values, expectedVersion + 1, individualHash, expectedVersion],
      );
      return rowCount === 1;
    },
    async recordFailure(individualHash, now, lock, expiresAt) {
      await query(
        'update',
        `UPDATE individual_limits SET failures = failures + 1, in_flight = ${DECREMENT_IN_FLIGHT}, last_failure_at = $1, ` +
          'locked_until = CASE WHEN failures + 1 >= $2 THEN $3 ELSE locked_until END, version = version + 1, updated_at = $1, ' +
          'expires_at = GREATEST(expires_at, $4) WHERE individual_hash = $5',
        [now, lock.after, lock.until, expiresAt, individualHash],
      );
    },
    async recordSuccess(individualHash, now) {
      await query(
        'update',
        `UPDATE individual_limits SET failures = 0, in_flight = ${DECREMENT_IN_FLIGHT}, last_failure_at = NULL, locked_until = NULL, ` +
          'version = version + 1, updated_at = $1 WHERE individual_hash = $2',
        [now, individualHash],
      );
    },
    async release(individualHash, now) {
      await query('update', `UPDATE individual_limits SET in_flight = ${DECREMENT_IN_FLIGHT}, version = version + 1, updated_at = $1 WHERE individual_hash = $2`, [
        now,
        individualHash,
      ]);
    },
    async countLocked(now) {
      const { rows } = await query<{ n: number }>('select', 'SELECT count(*) AS n FROM individual_limits WHERE locked_until > $1', [now]);
      return Number(rows[0]?.n ?? 0);
    },
    async clear(individualHash) {
      // One statement: the row as it was when it went.
      const { rows } = await query<LimitsRow>('delete', `DELETE FROM individual_limits WHERE individual_hash = $1 RETURNING ${LIMITS_COLUMNS}`, [individualHash]);
      return rows[0] ? limitsFromRow(rows[0]) : null;
    },
  };
}
