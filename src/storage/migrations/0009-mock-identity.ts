import type { Migration } from './migration.js';

/**
 * State of the bundled mock identity system, kept in Signet's storage so that any number
 * of Signet instances (and of `signet mock-identity` processes) and restarts see the same
 * sent OTPs and KYC tokens. Only hashes are stored: the OTP key is a hash of
 * (transaction, individual), the KYC token a SHA-256 of the bearer value.
 */
export const mockIdentity: Migration = {
  name: '0009-mock-identity',
  async up(db) {
    await db.schema.createTable('mock_identity_otps', (t) => {
      t.string('key_hash', 64).primary();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').notNullable().index();
    });
    await db.schema.createTable('mock_identity_kyc_tokens', (t) => {
      t.string('token_hash', 64).primary();
      t.string('subject_id', 255).notNullable();
      t.string('client_id', 255).notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').notNullable().index();
    });
  },
  async down(db) {
    await db.schema.dropTable('mock_identity_kyc_tokens');
    await db.schema.dropTable('mock_identity_otps');
  },
};
