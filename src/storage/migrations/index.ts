import type { Knex } from 'knex';
import type { Migration } from './migration.js';
import { clients } from './0001-clients.js';
import { signingKeys } from './0002-signing-keys.js';
import { flow } from './0003-flow.js';
import { singleUse } from './0004-single-use.js';
import { consentsAndBlocks } from './0005-consents-and-blocks.js';
import { individualLimits } from './0006-individual-limits.js';
import { oneCurrentSigningKey } from './0008-one-current-signing-key.js';
import { mockIdentity } from './0009-mock-identity.js';

/** Every migration, in order. Add new ones at the end; knex refuses to run if a recorded one is missing. */
export const migrations: readonly Migration[] = [clients, signingKeys, flow, singleUse, consentsAndBlocks, individualLimits, oneCurrentSigningKey, mockIdentity];

/** A knex migration source over {@link migrations}: no directory scanning, so bundling and tsx behave the same. */
export const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: () => Promise.resolve([...migrations]),
  getMigrationName: (m) => m.name,
  getMigration: (m) => Promise.resolve({ up: (db: Knex) => m.up(db), down: (db: Knex) => m.down(db) }),
};
