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
  const consentReads = statements.filter((s) => /^SELECT .* FROM consents WHERE/.test(s.statement));
  t.is(consentReads.length, 1, 'five reads, one prepared statement');
  t.regex(consentReads[0]!.name, /^signet_\d+$/);
});

test('statements prepared before another instance adds a column to their tables keep working (a rolling, additive migration)', async (t) => {
  const db = await pg.migrated();
  const storage = createStorage(db);
  const exercise = async (tag: string) => {
    const tx = await storage.transactions.create({ clientId: `c-${tag}`, data: { n: 1 }, expiresAt: NOW + MIN }, NOW);
    t.truthy(await storage.transactions.get(tx.id));
    t.truthy(await storage.transactions.transition(tx.id, 'created', 'authenticated', { subject: 's' }, NOW));
    const codeHash = uid('code');
    await storage.authorizationCodes.insert({ codeHash, transactionId: tx.id, clientId: 'c', redirectUri: 'https://rp.example/cb', codeChallenge: 'ch', nonce: null, subject: 's', data: {}, expiresAt: NOW + MIN }, NOW);
    t.true((await storage.authorizationCodes.consume(codeHash, NOW)).ok);
    const tokenHash = uid('tok');
    await storage.issuedTokens.insert({ tokenHash, codeHash, clientId: 'c', subject: 's', kind: 'access', data: {}, expiresAt: NOW + MIN }, NOW);
    t.is((await storage.issuedTokens.get(tokenHash, NOW))?.status, 'active');
    await storage.consents.upsert({ clientId: 'c', subject: tag, claims: [], scopes: [], requestHash: 'h', createdAt: NOW, expiresAt: null });
    t.truthy(await storage.consents.get('c', tag, NOW));
    const who = uid('i');
    t.true(await storage.individualLimits.compareAndSet(who, { failures: 0, inFlight: 0, lastAttemptAt: NOW, lastFailureAt: null, lockedUntil: null, otpSends: [] }, null, NOW + MIN, NOW));
    t.truthy(await storage.individualLimits.get(who));
    t.truthy(await storage.individualLimits.clear(who));
  };
  // Enough rounds in parallel that every pooled connection has the statements prepared.
  await Promise.all(Array.from({ length: 4 }, (_, i) => exercise(`before-${i}`)));
  const other = await pg.another(db);
  for (const table of ['transactions', 'authorization_codes', 'issued_tokens', 'consents', 'individual_limits']) {
    await other.raw(`ALTER TABLE ${table} ADD COLUMN added_later text`);
  }
  await Promise.all(Array.from({ length: 4 }, (_, i) => exercise(`after-${i}`)));
});

test('a store whose pool was closed refuses with StorageUnavailable', async (t) => {
  const db = await pg.another(await pg.migrated());
  const storage = createStorage(db);
  await storage.nonces.issue(uid('n'), NOW + MIN, NOW);
  await closeDatabase(db);
  await t.throwsAsync(storage.nonces.consume(uid('n'), NOW), { instanceOf: StorageUnavailable });
});
