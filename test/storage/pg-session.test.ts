/**
 * The PostgreSQL direct path (src/storage/pg): pg clients borrowed from knex's pool, named
 * prepared statements, the unit of work as BEGIN … COMMIT on one of them. A unit whose deadline
 * passed rolls back, knex work inside a unit joins its transaction, every statement reaches the
 * statement observer, a statement text is parsed once per connection, and a failed statement
 * rolls its whole unit back and leaves the connection usable for the next caller.
 */
import avaTest from 'ava';
import { StorageUnavailable } from '../../src/core/ports/storage/index.js';
import { closeDatabase } from '../../src/storage/db.js';
import { createStorage } from '../../src/storage/index.js';
import { pgConsents } from '../../src/storage/pg/records.js';
import { pgSession } from '../../src/storage/pg/session.js';
import { databaseTargets } from '../helpers/databases.js';
import { uid } from './fixtures.js';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

const targets = await databaseTargets();
for (const target of targets) avaTest.after.always(() => target.dispose());
const pg = targets.find((t) => t.name === 'postgres')!;
const test = pg.test;

test('a failed statement rolls back its unit, and the pooled connection serves the next unit', async (t) => {
  const db = await pg.migrated();
  const storage = createStorage(db);
  const [taken, fresh] = [uid('n'), uid('n')];
  await storage.nonces.issue(taken, NOW + MIN, NOW);
  const err = await t.throwsAsync(
    storage.withTransaction(async (repos) => {
      await repos.nonces.issue(fresh, NOW + MIN, NOW);
      await repos.nonces.issue(taken, NOW + MIN, NOW); // a duplicate key
    }),
  );
  t.is((err as { code?: string }).code, '23505', 'the unique violation reaches the caller as it was');
  t.false(await storage.nonces.consume(fresh, NOW), 'the unit’s first insert went with it');
  // Every connection the pool holds is out of the failed transaction: units keep committing.
  const nonces = Array.from({ length: 12 }, () => uid('n'));
  await Promise.all(nonces.map((n) => storage.withTransaction((repos) => repos.nonces.issue(n, NOW + MIN, NOW))));
  for (const n of nonces) t.true(await storage.nonces.consume(n, NOW));
});

test('a statement text is parsed once per connection and then only bound and executed', async (t) => {
  const db = await pg.migrated();
  const statements = await pgSession(db).unit(async ({ query }) => {
    const consents = pgConsents(query);
    for (let i = 0; i < 5; i++) await consents.get(`c${i}`, 's', NOW);
    // The same connection: what it holds prepared (this query among them).
    const { rows } = await query<{ name: string; statement: string }>('select', 'SELECT name, statement FROM pg_prepared_statements', []);
    return rows;
  });
  const consentReads = statements.filter((s) => s.statement.startsWith('SELECT * FROM consents'));
  t.is(consentReads.length, 1, 'five reads, one prepared statement');
  t.regex(consentReads[0]!.name, /^signet_\d+$/);
});

test('a store whose pool was closed refuses with StorageUnavailable', async (t) => {
  const db = await pg.another(await pg.migrated());
  const storage = createStorage(db);
  await storage.nonces.issue(uid('n'), NOW + MIN, NOW);
  await closeDatabase(db);
  await t.throwsAsync(storage.nonces.consume(uid('n'), NOW), { instanceOf: StorageUnavailable });
});
