/**
 * sqlite checkpoints run on the process's checkpointer thread, not on the connection that commits:
 * the connection's automatic checkpoint is off, the committed pages reach the database file itself
 * within a few intervals (so an operating-system crash can lose only the last interval's commits),
 * closing lets go of the file, a file the thread cannot open gives the connection its
 * checkpoints back, the thread syncs the database file after each checkpoint that copied pages
 * (and never while idle), and the WAL is written from its start again under load that never pauses
 * instead of growing by everything ever written.
 */
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import knexFactory from 'knex';
import { closeDatabase, openDatabase } from '../../src/storage/db.js';
import { createStorage } from '../../src/storage/index.js';
import { migrateLatest } from '../../src/storage/migrate.js';
import { CHECKPOINT_INTERVAL_MS, checkpointInBackground } from '../../src/storage/sqlite/checkpointer.js';

const pragma = async (db: ReturnType<typeof openDatabase>, name: string) => Object.values(((await db.raw(`PRAGMA ${name}`)) as object[])[0] ?? {})[0];

/** The rows of table t in the database file alone, as an OS crash would leave it without the WAL's unsynced tail. */
async function rowsInMainFile(file: string, dir: string): Promise<number> {
  const copy = join(dir, `copy-${Date.now()}-${Math.random()}.db`);
  copyFileSync(file, copy); // the main file only: no -wal beside the copy
  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: copy }, useNullAsDefault: true });
  try {
    return Number(((await db('t').count({ n: '*' })) as { n: number }[])[0]?.n);
  } finally {
    await db.destroy();
  }
}

test('commits reach the database file through the checkpointer thread, with the connection\'s own checkpoints off', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-ckpt-'));
  const file = join(dir, 'signet.db');
  const db = openDatabase({ sqliteFile: file });
  try {
    t.is(await pragma(db, 'wal_autocheckpoint'), 0, 'the committing connection never checkpoints');
    await db.schema.createTable('t', (tb) => tb.integer('n'));
    await db('t').insert(Array.from({ length: 50 }, (_, n) => ({ n })));
    t.true(existsSync(`${file}-wal`));
    // 50 rows are a few WAL pages, far below sqlite's own 1000-page threshold: only the thread copies them.
    let rows = 0;
    for (let waited = 0; waited < 40 * CHECKPOINT_INTERVAL_MS && rows !== 50; waited += CHECKPOINT_INTERVAL_MS / 2) {
      await sleep(CHECKPOINT_INTERVAL_MS / 2);
      try {
        rows = await rowsInMainFile(file, dir);
      } catch {
        rows = 0; // the table itself is not in the main file yet
      }
    }
    t.is(rows, 50, 'the database file alone holds every committed row');
  } finally {
    await closeDatabase(db);
  }
  t.false(existsSync(`${file}-wal`), 'closing checkpointed and removed the WAL: the thread let go of the file first');
  rmSync(dir, { recursive: true, force: true });
});

test('an in-memory database has no checkpointer and keeps sqlite\'s defaults', async (t) => {
  const db = openDatabase({ sqliteFile: ':memory:' });
  try {
    t.is(await pragma(db, 'wal_autocheckpoint'), 1000);
  } finally {
    await closeDatabase(db);
  }
});

test('a file the thread cannot open is handed back to its connection, and unregistering it still resolves', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-ckpt-'));
  try {
    const reason = await new Promise<string>((resolve) => {
      checkpointInBackground(join(dir, 'missing.db'), { fallBack: resolve, failed: () => {}, walLong: () => {} });
    });
    t.regex(reason, /missing\.db|unable to open|does not exist/i);
    const stop = checkpointInBackground(join(dir, 'missing-too.db'), { fallBack: () => {}, failed: () => {}, walLong: () => {} });
    await stop();
    t.pass('unregistered without waiting forever');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two databases share the thread and each is checkpointed and released on its own', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-ckpt-'));
  const [fa, fb] = [join(dir, 'a.db'), join(dir, 'b.db')];
  const [a, b] = [openDatabase({ sqliteFile: fa }), openDatabase({ sqliteFile: fb })];
  try {
    for (const db of [a, b]) {
      await db.schema.createTable('t', (tb) => tb.integer('n'));
      await db('t').insert({ n: 1 });
    }
    await Promise.all([closeDatabase(a), closeDatabase(a)]); // closing twice at once (a runtime and its test both close it)
    t.false(existsSync(`${fa}-wal`));
    await b('t').insert({ n: 2 });
    await sleep(CHECKPOINT_INTERVAL_MS * 3);
    t.is(await rowsInMainFile(fb, dir), 2, 'the other database is still checkpointed after the first closed');
  } finally {
    await closeDatabase(b);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the thread syncs the database file after each checkpoint that copied pages into it, and not while nothing is written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-ckpt-'));
  const file = join(dir, 'signet.db');
  // One connection of its own (not openDatabase, which registers the file with the thread itself).
  const conn = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  await conn.raw('PRAGMA journal_mode = WAL');
  await conn.raw('PRAGMA wal_autocheckpoint = 0');
  await conn.schema.createTable('t', (tb) => tb.integer('n'));
  const synced: number[] = [];
  const stop = checkpointInBackground(file, { fallBack: () => {}, failed: (why) => t.fail(why), walLong: () => {}, synced: (frames) => synced.push(frames) });
  const until = async (what: () => boolean) => {
    for (let waited = 0; waited < 40 * CHECKPOINT_INTERVAL_MS && !what(); waited += CHECKPOINT_INTERVAL_MS / 2) await sleep(CHECKPOINT_INTERVAL_MS / 2);
    return what();
  };
  try {
    await conn('t').insert(Array.from({ length: 50 }, (_, n) => ({ n })));
    t.true(await until(() => synced.length > 0), 'the pages copied by a checkpoint were synced');
    await sleep(CHECKPOINT_INTERVAL_MS * 2); // a pass that began before the insert copies the rest in the next one
    const afterWrites = synced.length;
    await sleep(CHECKPOINT_INTERVAL_MS * 4);
    t.is(synced.length, afterWrites, 'nothing written, nothing copied: no sync in four intervals');
    await conn('t').insert({ n: 50 });
    t.true(await until(() => synced.length > afterWrites), 'a new commit is copied and synced again');
    t.true(synced.every((frames, i) => i === 0 || frames !== synced[i - 1]), 'each sync follows a checkpoint that copied more');
  } finally {
    await stop();
    await conn.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The salts in a WAL file's header: sqlite draws new ones each time it writes the WAL from its start again. */
function walSalts(file: string): string {
  const header = Buffer.alloc(32);
  const fd = openSync(`${file}-wal`, 'r');
  try {
    readSync(fd, header, 0, 32, 0);
  } finally {
    closeSync(fd);
  }
  return header.subarray(16, 24).toString('hex');
}

test('under writes that never pause, the WAL is restarted from its start instead of growing by all that was written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-ckpt-'));
  const file = join(dir, 'signet.db');
  // Restart past 256 KiB (the default is 16 MiB), so that a short run shows it.
  const restartFrames = 64;
  const db = openDatabase({ sqliteFile: file, walRestartFrames: restartFrames });
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await migrateLatest(db);
    const storage = createStorage(db);
    // Group after group, as a busy server writes, a new one a few ms after the last: the WAL is
    // never idle, so only the restart this test is about can start it afresh. Until three
    // restarts are seen: 20 s or a 256 MiB WAL at most (a busy machine writes slowly; without the
    // restart there are none however long this runs).
    const key = 'k'.repeat(1000);
    const salts = new Set<string>();
    let largest = 0;
    let rows = 0;
    for (const until = Date.now() + 20_000; salts.size < 4 && Date.now() < until && largest < 2 ** 28; rows += 20) {
      await Promise.all(Array.from({ length: 20 }, () => storage.nonces.issue(`${key}${Math.random()}`, Date.now() + 60_000, Date.now())));
      salts.add(walSalts(file));
      largest = Math.max(largest, statSync(`${file}-wal`).size);
      await sleep(2);
    }
    t.log(`WAL restarts seen: ${salts.size - 1} in ${rows} rows; largest WAL ${(largest / 2 ** 20).toFixed(1)} MiB (restart past ${(restartFrames * 4096) / 2 ** 10} KiB)`);
    t.true(salts.size >= 4, 'the WAL was written from its start again, three times');
  } finally {
    await closeDatabase(db);
  }
});
