import type { Migration } from './migration.js';

/**
 * Guessing limits per individual, across transactions and instances: one row per keyed hash
 * of a normalised individual id (never the id itself) with its consecutive failures, the
 * attempts being checked, its lock and its recent OTP sends. Replaces `blocked_individuals`,
 * whose fixed block after one transaction's attempts could be triggered by correct credentials.
 */
export const individualLimits: Migration = {
  name: '0006-individual-limits',
  async up(db) {
    await db.schema.createTable('individual_limits', (t) => {
      t.string('individual_hash', 64).primary();
      t.integer('failures').notNullable();
      t.integer('in_flight').notNullable();
      t.bigInteger('last_attempt_at').notNullable();
      t.bigInteger('last_failure_at').nullable();
      t.bigInteger('locked_until').nullable();
      // JSON array of epoch-ms send times within the longest OTP window.
      t.text('otp_sends').notNullable();
      t.integer('version').notNullable();
      t.bigInteger('updated_at').notNullable();
      t.bigInteger('expires_at').notNullable().index();
    });
    await db.schema.dropTable('blocked_individuals');
  },
  async down(db) {
    await db.schema.createTable('blocked_individuals', (t) => {
      t.string('individual_hash', 64).primary();
      t.bigInteger('blocked_until').notNullable().index();
    });
    await db.schema.dropTable('individual_limits');
  },
};
