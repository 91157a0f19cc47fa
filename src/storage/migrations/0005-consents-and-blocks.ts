import type { Migration } from './migration.js';

/** Remembered consents per (client, subject) and temporarily blocked individuals. */
export const consentsAndBlocks: Migration = {
  name: '0005-consents-and-blocks',
  async up(db) {
    await db.schema.createTable('consents', (t) => {
      t.string('client_id', 255).notNullable();
      t.string('subject', 255).notNullable();
      t.text('claims').notNullable();
      t.text('scopes').notNullable();
      t.string('request_hash', 64).notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').nullable().index();
      t.primary(['client_id', 'subject']);
    });
    await db.schema.createTable('blocked_individuals', (t) => {
      t.string('individual_hash', 64).primary();
      t.bigInteger('blocked_until').notNullable().index();
    });
  },
  async down(db) {
    await db.schema.dropTable('blocked_individuals');
    await db.schema.dropTable('consents');
  },
};
