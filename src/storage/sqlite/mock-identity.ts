import type { MockIdentityRepository } from '../mock-identity.js';
import type { On } from './flow.js';

interface KycTokenRow {
  subject_id: string;
  client_id: string;
  expires_at: number;
}

/**
 * {@link MockIdentityRepository} on prepared better-sqlite3 statements (the same SQL effects as the
 * PostgreSQL one): the bundled mock answers every login's Send OTP, Authenticate, KYC exchange and
 * userinfo, so on sqlite it takes the direct path too instead of asking knex's pool for the
 * connection each time.
 */
export function sqliteMockIdentity(on: On): MockIdentityRepository {
  return {
    putOtp: (keyHash, expiresAt, now) =>
      on('insert', (c) => {
        c.prepare(
          'INSERT INTO mock_identity_otps (key_hash, created_at, expires_at) VALUES (?, ?, ?) ' +
            'ON CONFLICT (key_hash) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at',
        ).run(keyHash, now, expiresAt);
      }),
    otpExpiry: (keyHash) =>
      on('select', (c) => {
        const row = c.prepare('SELECT expires_at FROM mock_identity_otps WHERE key_hash = ?').get(keyHash) as { expires_at: number } | undefined;
        return row ? Number(row.expires_at) : null;
      }),
    consumeOtp: (keyHash, now) =>
      on('delete', (c) => c.prepare('DELETE FROM mock_identity_otps WHERE key_hash = ? AND expires_at > ?').run(keyHash, now).changes === 1),
    deleteOtp: (keyHash) =>
      on('delete', (c) => {
        c.prepare('DELETE FROM mock_identity_otps WHERE key_hash = ?').run(keyHash);
      }),
    putKycToken: (tokenHash, grant, now) =>
      on('insert', (c) => {
        c.prepare('INSERT INTO mock_identity_kyc_tokens (token_hash, subject_id, client_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
          tokenHash, grant.subjectId, grant.clientId, now, grant.expiresAt,
        );
      }),
    kycToken: (tokenHash, now) =>
      on('select', (c) => {
        const row = c.prepare('SELECT subject_id, client_id, expires_at FROM mock_identity_kyc_tokens WHERE token_hash = ? AND expires_at > ?')
          .get(tokenHash, now) as KycTokenRow | undefined;
        return row ? { subjectId: row.subject_id, clientId: row.client_id, expiresAt: Number(row.expires_at) } : null;
      }),
    deleteKycToken: (tokenHash) =>
      on('delete', (c) => {
        c.prepare('DELETE FROM mock_identity_kyc_tokens WHERE token_hash = ?').run(tokenHash);
      }),
  };
}
