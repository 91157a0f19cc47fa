import type { Migration } from './migration.js';

/** Replay guards (values seen from outside) and server-issued single-use nonces. */
export const singleUse: Migration = {
  name: '0004-single-use',
  async up(db) {
    await db.schema.createTable('replay_entries', (t) => {
      t.string('kind', 32).notNullable();
      t.string('value_hash', 64).notNullable();
      t.bigInteger('expires_at').notNullable().index();
      t.primary(['kind', 'value_hash']);
    });
    await db.schema.createTable('nonces', (t) => {
      t.string('nonce_hash', 64).primary();
      t.string('kind', 32).notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').notNullable().index();
      t.bigInteger('consumed_at').nullable();
    });
  },
  async down(db) {
    await db.schema.dropTable('nonces');
    await db.schema.dropTable('replay_entries');
  },
};
