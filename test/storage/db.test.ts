import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { closeDatabase, openDatabase } from '../../src/storage/db.js';

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
