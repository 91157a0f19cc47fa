import type { Migration } from './migration.js';

/** Signing keys with their rotation schedule; private keys are stored encrypted by src/keys. */
export const signingKeys: Migration = {
  name: '0002-signing-keys',
  async up(db) {
    await db.schema.createTable('signing_keys', (t) => {
      t.string('kid', 64).primary();
      t.string('purpose', 16).notNullable();
      t.string('alg', 16).notNullable();
      t.text('public_jwk').notNullable();
      t.text('private_key').notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('activate_at').notNullable();
      t.bigInteger('superseded_at').nullable();
      t.bigInteger('retire_at').nullable();
      t.index(['purpose', 'alg']);
    });
  },
  async down(db) {
    await db.schema.dropTable('signing_keys');
  },
};
