import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
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

test('two processes on one sqlite file still consume a code and record a jti exactly once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-db-'));
  const file = join(dir, 'shared.db');
  const db = openDatabase({ sqliteFile: file });
  // The other process: the connection holds sqlite's write lock for as long as its group
  // transaction is open, so a second handle has to be in a process of its own (as it would be).
  const other = spawn(process.execPath, ['--import', 'tsx', 'test/storage/other-process.ts', file, '10'], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    await migrateLatest(db);
    const storage = createStorage(db);
    await storage.authorizationCodes.insert(
      { codeHash: 'h', transactionId: 't', clientId: 'c', redirectUri: 'r', codeChallenge: 'x', nonce: null, subject: 's', data: {}, expiresAt: 10 },
      0,
    );
    const lines = createInterface({ input: other.stdout! })[Symbol.asyncIterator]();
    t.is((await lines.next()).value, 'ready');
    other.stdin!.write('go\n');
    const [codes, jtis, theirs] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, () => storage.authorizationCodes.consume('h', 1))),
      Promise.all(Array.from({ length: 10 }, () => storage.replay.recordOnce('assertion_jti', 'j', 10, 1))),
      lines.next().then((l) => JSON.parse(String(l.value)) as { codes: number; jtis: number }),
    ]);
    t.is(codes.filter((r) => r.ok).length + theirs.codes, 1);
    t.is(jtis.filter(Boolean).length + theirs.jtis, 1);
  } finally {
    other.kill();
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
});
