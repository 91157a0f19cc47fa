import type { MockIdentityRepository } from '../mock-identity.js';
import type { Query } from './session.js';

interface KycTokenRow {
  subject_id: string;
  client_id: string;
  expires_at: number;
}

/**
 * {@link MockIdentityRepository} on named prepared statements (the same SQL effects as the sqlite one):
 * the bundled mock answers every login's Send OTP, Authenticate, KYC exchange and userinfo, so on
 * PostgreSQL it takes the direct path too.
 */
export function pgMockIdentity(query: Query): MockIdentityRepository {
  return {
    async putOtp(keyHash, expiresAt, now) {
      await query(
        'insert',
        'INSERT INTO mock_identity_otps (key_hash, created_at, expires_at) VALUES ($1, $2, $3) ' +
          'ON CONFLICT (key_hash) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at',
        [keyHash, now, expiresAt],
      );
    },
    async otpExpiry(keyHash) {
      const { rows } = await query<{ expires_at: number }>('select', 'SELECT expires_at FROM mock_identity_otps WHERE key_hash = $1', [keyHash]);
      return rows[0] ? Number(rows[0].expires_at) : null;
    },
    async consumeOtp(keyHash, now) {
      const { rowCount } = await query('delete', 'DELETE FROM mock_identity_otps WHERE key_hash = $1 AND expires_at > $2', [keyHash, now]);
      return rowCount === 1;
    },
    async deleteOtp(keyHash) {
      await query('delete', 'DELETE FROM mock_identity_otps WHERE key_hash = $1', [keyHash]);
    },
    async putKycToken(tokenHash, grant, now) {
      await query(
        'insert',
        'INSERT INTO mock_identity_kyc_tokens (token_hash, subject_id, client_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [tokenHash, grant.subjectId, grant.clientId, now, grant.expiresAt],
      );
    },
    async kycToken(tokenHash, now) {
      const { rows } = await query<KycTokenRow>(
        'select',
        'SELECT subject_id, client_id, expires_at FROM mock_identity_kyc_tokens WHERE token_hash = $1 AND expires_at > $2',
        [tokenHash, now],
      );
      const row = rows[0];
      return row ? { subjectId: row.subject_id, clientId: row.client_id, expiresAt: Number(row.expires_at) } : null;
    },
    async deleteKycToken(tokenHash) {
      await query('delete', 'DELETE FROM mock_identity_kyc_tokens WHERE token_hash = $1', [tokenHash]);
    },
  };
}
