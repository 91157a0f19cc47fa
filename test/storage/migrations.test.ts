import { migrationSource, migrations } from '../../src/storage/migrations/index.js';
import { runMigrateCommand } from '../../src/storage/migrate.js';
import { databaseTargets } from '../helpers/databases.js';

const tables = [
  'clients', 'signing_keys', 'transactions', 'authorization_codes', 'issued_tokens',
  'replay_entries', 'nonces', 'consents', 'individual_limits', 'mock_identity_otps', 'mock_identity_kyc_tokens',
];

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  test.after.always(() => target.dispose());

  test(`${target.name}: migrate latest, status and rollback create and drop every table`, async (t) => {
    const db = await target.fresh();
    const before = await runMigrateCommand(db, 'status');
    t.deepEqual(before.applied, []);
    t.deepEqual(before.pending, migrations.map((m) => m.name));

    const latest = await runMigrateCommand(db, 'latest');
    t.deepEqual(latest.changed, migrations.map((m) => m.name));
    t.deepEqual(latest.pending, []);
    for (const name of tables) t.true(await db.schema.hasTable(name), name);
    t.deepEqual((await runMigrateCommand(db, 'latest')).changed, [], 'latest is idempotent');

    const rollback = await runMigrateCommand(db, 'rollback');
    t.is(rollback.changed.length, migrations.length);
    t.deepEqual(rollback.applied, []);
    for (const name of tables) t.false(await db.schema.hasTable(name), name);
  });

  test(`${target.name}: each migration goes up and down on its own`, async (t) => {
    const db = await target.fresh();
    const config = { migrationSource };
    for (const m of migrations) {
      await db.migrate.up(config);
      t.deepEqual((await runMigrateCommand(db, 'status')).applied.at(-1), m.name);
    }
    for (const m of [...migrations].reverse()) {
      await db.migrate.down(config);
      t.deepEqual((await runMigrateCommand(db, 'status')).pending[0], m.name);
    }
    for (const name of tables) t.false(await db.schema.hasTable(name), name);
    // A schema that went down cleanly must come back up.
    await runMigrateCommand(db, 'latest');
    t.true(await db.schema.hasTable('individual_limits'));
  });
}
