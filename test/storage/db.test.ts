import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { closeDatabase, openDatabase } from '../../src/storage/db.js';
import { createStorage } from '../../src/storage/index.js';
import { migrateLatest } from '../../src/storage/migrate.js';

test('sqlite opens in a new directory with WAL, busy_timeout and foreign keys on', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-db-'));
  const file = join(dir, 'nested', 'signet.db');
  const db = openDatabase({ sqliteFile: file });
  try {
    const pragma = async (name: string) => Object.values(((await db.raw(`PRAGMA ${name}`)) as object[])[0] ?? {})[0];
    t.is(await pragma('journal_mode'), 'wal');
    t.is(await pragma('busy_timeout'), 5000);
    t.is(await pragma('foreign_keys'), 1);
    t.true(existsSync(file));
  } finally {
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refuses a database url that is not PostgreSQL', (t) => {
  t.throws(() => openDatabase({ url: 'mysql://x', sqliteFile: 'unused' }), { message: /postgres:\/\// });
});

test('two sqlite handles on one file (as two processes would be) still consume a code exactly once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-db-'));
  const file = join(dir, 'shared.db');
  const [a, b] = [openDatabase({ sqliteFile: file }), openDatabase({ sqliteFile: file })] as const;
  try {
    await migrateLatest(a);
    const [sa, sb] = [createStorage(a), createStorage(b)];
    await sa.authorizationCodes.insert(
      { codeHash: 'h', transactionId: 't', clientId: 'c', redirectUri: 'r', codeChallenge: 'x', nonce: null, subject: 's', data: {}, expiresAt: 10 },
      0,
    );
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? sa : sb).authorizationCodes.consume('h', 1)));
    t.is(results.filter((r) => r.ok).length, 1);
    const jtis = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? sa : sb).replay.recordOnce('assertion_jti', 'j', 10, 1)));
    t.is(jtis.filter(Boolean).length, 1);
  } finally {
    await Promise.all([closeDatabase(a), closeDatabase(b)]);
    rmSync(dir, { recursive: true, force: true });
  }
});
