import type { Migration } from './migration.js';
import { timestamps } from './migration.js';

/**
 * The authorization flow's state: transactions, the codes they yield and the tokens those buy.
 * No foreign keys between them: each row is purged on its own expiry.
 */
export const flow: Migration = {
  name: '0003-flow',
  async up(db) {
    await db.schema.createTable('transactions', (t) => {
      t.string('id', 64).primary();
      t.string('state', 16).notNullable();
      t.string('client_id', 255).notNullable();
      t.string('csrf_hash', 64).nullable();
      t.string('sbi_transaction_id', 255).nullable();
      t.text('data').notNullable();
      t.string('subject', 255).nullable();
      t.bigInteger('auth_time').nullable();
      t.string('acr', 255).nullable();
      t.text('amr').nullable();
      t.integer('send_otp_count').notNullable().defaultTo(0);
      t.integer('authenticate_count').notNullable().defaultTo(0);
      t.integer('version').notNullable().defaultTo(0);
      timestamps(t);
      t.bigInteger('expires_at').notNullable().index();
    });
    await db.schema.createTable('authorization_codes', (t) => {
      t.string('code_hash', 64).primary();
      t.string('transaction_id', 64).notNullable();
      t.string('client_id', 255).notNullable();
      t.text('redirect_uri').notNullable();
      t.string('code_challenge', 128).notNullable();
      t.text('nonce').nullable();
      t.string('subject', 255).notNullable();
      t.text('data').notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').notNullable().index();
      t.bigInteger('consumed_at').nullable();
    });
    await db.schema.createTable('issued_tokens', (t) => {
      t.string('token_hash', 64).primary();
      t.string('code_hash', 64).nullable().index();
      t.string('client_id', 255).notNullable();
      t.string('subject', 255).notNullable();
      t.string('kind', 16).notNullable();
      t.text('data').notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').notNullable().index();
      t.bigInteger('revoked_at').nullable();
    });
  },
  async down(db) {
    await db.schema.dropTable('issued_tokens');
    await db.schema.dropTable('authorization_codes');
    await db.schema.dropTable('transactions');
  },
};
