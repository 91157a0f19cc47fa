import type { ConsentsRepository } from '../../core/ports/storage/consents.js';
import type { IndividualLimitsRepository } from '../../core/ports/storage/individual-limits.js';
import type { NoncesRepository } from '../../core/ports/storage/nonces.js';
import type { ReplayRepository } from '../../core/ports/storage/replay.js';
import { consentFromRow, type ConsentRow } from '../consents.js';
import { DECREMENT_IN_FLIGHT, limitsFromRow, type LimitsRow } from '../individual-limits.js';
import { toJson } from '../json.js';
import type { On } from './flow.js';

/** {@link ReplayRepository} on a prepared statement: one upsert, so of N racing callers one wins. */
export function sqliteReplay(on: On): ReplayRepository {
  return {
    recordOnce: (kind, valueHash, expiresAt, now) =>
      on('insert', (c) =>
        // The row comes back exactly when the value was new or its old entry had expired.
        c.prepare(
          'INSERT INTO replay_entries (kind, value_hash, expires_at) VALUES (?, ?, ?) ' +
            'ON CONFLICT (kind, value_hash) DO UPDATE SET expires_at = excluded.expires_at WHERE replay_entries.expires_at <= ? RETURNING kind',
        ).all(kind, valueHash, expiresAt, now).length === 1,
      ),
  };
}

/** {@link NoncesRepository} on prepared statements; consumption is one conditional UPDATE. */
export function sqliteNonces(on: On): NoncesRepository {
  return {
    issue: (nonceHash, expiresAt, now, kind = 'c_nonce') =>
      on('insert', (c) => {
        c.prepare('INSERT INTO nonces (nonce_hash, kind, created_at, expires_at, consumed_at) VALUES (?, ?, ?, ?, NULL)').run(nonceHash, kind, now, expiresAt);
      }),
    consume: (nonceHash, now) =>
      on('update', (c) => c.prepare('UPDATE nonces SET consumed_at = ? WHERE nonce_hash = ? AND consumed_at IS NULL AND expires_at > ?').run(now, nonceHash, now).changes === 1),
  };
}

/** {@link ConsentsRepository} on prepared statements. */
export function sqliteConsents(on: On): ConsentsRepository {
  return {
    upsert: (k) =>
      on('insert', (c) => {
        c.prepare(
          'INSERT INTO consents (client_id, subject, claims, scopes, request_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
            'ON CONFLICT (client_id, subject) DO UPDATE SET claims = excluded.claims, scopes = excluded.scopes, ' +
            'request_hash = excluded.request_hash, created_at = excluded.created_at, expires_at = excluded.expires_at',
        ).run(k.clientId, k.subject, toJson(k.claims), toJson(k.scopes), k.requestHash, k.createdAt, k.expiresAt);
      }),
    get: (clientId, subject, now) =>
      on('select', (c) => {
        const row = c.prepare('SELECT * FROM consents WHERE client_id = ? AND subject = ? AND (expires_at IS NULL OR expires_at > ?) LIMIT 1')
          .get(clientId, subject, now) as ConsentRow | undefined;
        return row ? consentFromRow(row) : null;
      }),
    delete: (clientId, subject) => on('delete', (c) => c.prepare('DELETE FROM consents WHERE client_id = ? AND subject = ?').run(clientId, subject).changes === 1),
  };
}

const LIMIT_COLUMNS = 'failures, in_flight, last_attempt_at, last_failure_at, locked_until, otp_sends, updated_at, expires_at';

/** {@link IndividualLimitsRepository} on prepared statements: compare-and-set and one UPDATE per settlement. */
export function sqliteIndividualLimits(on: On): IndividualLimitsRepository {
  const select = 'SELECT * FROM individual_limits WHERE individual_hash = ?';
  return {
    get: (individualHash) =>
      on('select', (c) => {
        const row = c.prepare(select).get(individualHash) as LimitsRow | undefined;
        return row ? limitsFromRow(row) : null;
      }),
    compareAndSet: (individualHash, next, expectedVersion, expiresAt, now) =>
      on(expectedVersion === null ? 'insert' : 'update', (c) => {
        const values = [next.failures, next.inFlight, next.lastAttemptAt, next.lastFailureAt, next.lockedUntil, toJson(next.otpSends), now, expiresAt];
        if (expectedVersion === null) {
          return c.prepare(`INSERT INTO individual_limits (individual_hash, ${LIMIT_COLUMNS}, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (individual_hash) DO NOTHING`)
            .run(individualHash, ...values).changes === 1;
        }
        return c.prepare(
          'UPDATE individual_limits SET failures = ?, in_flight = ?, last_attempt_at = ?, last_failure_at = ?, locked_until = ?, otp_sends = ?, updated_at = ?, expires_at = ?, version = ? ' +
            'WHERE individual_hash = ? AND version = ?',
        ).run(...values, expectedVersion + 1, individualHash, expectedVersion).changes === 1;
      }),
    recordFailure: (individualHash, now, lock, expiresAt) =>
      on('update', (c) => {
        c.prepare(
          `UPDATE individual_limits SET failures = failures + 1, in_flight = ${DECREMENT_IN_FLIGHT}, last_failure_at = ?, ` +
            'locked_until = CASE WHEN failures + 1 >= ? THEN ? ELSE locked_until END, version = version + 1, updated_at = ?, ' +
            'expires_at = CASE WHEN expires_at > ? THEN expires_at ELSE ? END WHERE individual_hash = ?',
        ).run(now, lock.after, lock.until, now, expiresAt, expiresAt, individualHash);
      }),
    recordSuccess: (individualHash, now) =>
      on('update', (c) => {
        c.prepare(
          `UPDATE individual_limits SET failures = 0, in_flight = ${DECREMENT_IN_FLIGHT}, last_failure_at = NULL, locked_until = NULL, ` +
            'version = version + 1, updated_at = ? WHERE individual_hash = ?',
        ).run(now, individualHash);
      }),
    release: (individualHash, now) =>
      on('update', (c) => {
        c.prepare(`UPDATE individual_limits SET in_flight = ${DECREMENT_IN_FLIGHT}, version = version + 1, updated_at = ? WHERE individual_hash = ?`).run(now, individualHash);
      }),
    countLocked: (now) =>
      on('select', (c) => Number((c.prepare('SELECT count(*) AS n FROM individual_limits WHERE locked_until > ?').get(now) as { n: number }).n)),
    clear: (individualHash) =>
      on('delete', (c) => {
        // Read and delete in one synchronous step: nothing else runs on the connection between them.
        const row = c.prepare(select).get(individualHash) as LimitsRow | undefined;
        c.prepare('DELETE FROM individual_limits WHERE individual_hash = ?').run(individualHash);
        return row ? limitsFromRow(row) : null;
      }),
  };
}
