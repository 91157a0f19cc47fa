import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * How often the checkpointer copies the WAL into the database file (and fsyncs both). An
 * operating-system crash or power loss can lose the commits of about this long (see the README
 * under "Durability"); sqlite's own automatic checkpoint, which this replaces, ran only every
 * 1000 WAL pages (about 4 MB of writes), on the connection that committed.
 */
export const CHECKPOINT_INTERVAL_MS = 250;

/**
 * The WAL length, in frames (pages of 4 KiB), past which the committing connection has the WAL
 * restarted from its start (about 16 MiB; `DatabaseConfig.walRestartFrames`).
 *
 * Why it is needed: a checkpoint copies the WAL into the database, but the WAL is only written
 * from its start again when a write transaction begins at a moment when every frame has been
 * copied — which under steady load never happens on its own (the next transaction begins right
 * after the last commit, long before the thread's next checkpoint ends), so the file grew by the
 * whole write volume: ~750 MB a minute of logins, with a commit per statement and with group
 * commit alike. When the thread reports a long WAL, the connection, between two of its own
 * transactions, checkpoints the frames written since (PASSIVE: it never waits; a thread that is
 * checkpointing makes it try after the next commit), so its next transaction begins with
 * everything copied and sqlite restarts the WAL; `journal_size_limit` then cuts the file back.
 * That pass holds the connection's requests for its two fsyncs and the last frames, about 6 ms on
 * average at a busy server's write rate, once per ~16 MiB written (about once a second under
 * sustained logins). Its fsync of the database file is short because the thread syncs that file
 * after each of its own checkpoints: sqlite syncs it only after a checkpoint that reaches the
 * WAL's end, which under steady writes the thread's never do, and the pass had waited for every
 * page copied since — 22 ms on average, growing to 25–60 ms within two minutes of load. Measured:
 * a 2-minute soak of logins kept the WAL at ~21 MB (it had reached 1.5 GB).
 */
export const WAL_RESTART_FRAMES = 4096;

/**
 * The checkpointer thread: one better-sqlite3 connection per registered file, a PASSIVE
 * checkpoint of each every interval (it copies what it can without waiting for the writer or
 * blocking it, fsyncing the WAL before and the database after), a last one when a file is
 * unregistered. Plain CommonJS evaluated in the worker, so the same source serves the
 * TypeScript sources, the compiled build and bundled tests; the driver's path comes from the parent.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
const open = new Map();
const files = new Map();
const copiedTo = new Map();
const reportsSyncs = new Set();
const restartFrames = new Map();
const failing = new Map();
const message = (err) => (err && err.message) || String(err);
function checkpoint(id, db) {
  try {
    const [done] = db.pragma('wal_checkpoint(PASSIVE)');
    // A checkpoint syncs the database file only when it copies the WAL to its end, which under
    // steady writes it never does: the pages it copied stay unsynced until the committing
    // connection's restart pass, whose fsync then waits for all of them on the event loop. So
    // the file is synced here, after every pass that copied something (none while idle). A WAL
    // shorter than at the last pass was restarted: its count begins again and may meet the old one.
    const last = copiedTo.get(id);
    if (done && done.checkpointed > 0 && (last === undefined || done.checkpointed !== last.checkpointed || done.log < last.log)) {
      fs.fsyncSync(files.get(id));
      if (reportsSyncs.has(id)) parentPort.postMessage({ id, synced: done.checkpointed });
    }
    if (done) copiedTo.set(id, { log: done.log, checkpointed: done.checkpointed });
    failing.delete(id);
    // Copied, but never restarted from its start: only the committing connection can do that.
    if (done && done.log >= restartFrames.get(id)) parentPort.postMessage({ id, walFrames: done.log });
  } catch (err) {
    // Said once, not every interval, until a checkpoint succeeds or the reason changes.
    const why = message(err);
    if (failing.get(id) === why) return;
    failing.set(id, why);
    parentPort.postMessage({ id, error: why });
  }
}
parentPort.on('message', (m) => {
  if (m.add !== undefined) {
    let fd;
    try {
      // The database file itself, to sync after checkpoints (writable: some systems sync only such handles).
      fd = fs.openSync(m.file, 'r+');
      const db = new Database(m.file, { fileMustExist: true });
      db.pragma('synchronous = NORMAL');
      open.set(m.add, db);
      files.set(m.add, fd);
      if (m.reportSyncs) reportsSyncs.add(m.add);
      restartFrames.set(m.add, m.restartFrames);
      parentPort.postMessage({ id: m.add, ready: true });
    } catch (err) {
      if (fd !== undefined) try { fs.closeSync(fd); } catch {}
      parentPort.postMessage({ id: m.add, error: message(err), failed: true });
    }
  } else if (m.remove !== undefined) {
    const db = open.get(m.remove);
    open.delete(m.remove);
    restartFrames.delete(m.remove);
    failing.delete(m.remove);
    if (db) {
      checkpoint(m.remove, db);
      try { db.close(); } catch {}
    }
    const fd = files.get(m.remove);
    files.delete(m.remove);
    copiedTo.delete(m.remove);
    reportsSyncs.delete(m.remove);
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
    parentPort.postMessage({ id: m.remove, removed: true });
  }
});
setInterval(() => { for (const [id, db] of open) checkpoint(id, db); }, workerData.intervalMs);
`;

/** What the owner of a registered file hears from the checkpointer. */
export interface CheckpointListener {
  /** The checkpointer cannot serve this file (it could not open it, or the thread ended): checkpoint on the connection again. */
  fallBack(reason: string): void;
  /** A checkpoint failed; the next interval tries again. Told once per reason, not every interval. */
  failed(reason: string): void;
  /**
   * The WAL has grown to `frames` frames ({@link WAL_RESTART_FRAMES} or more): the committing
   * connection should have it restarted ({@link wantWalRestart}).
   */
  walLong(frames: number): void;
  /**
   * A checkpoint copied WAL frames into the database file (up to frame `frames` of the WAL) and
   * the thread synced the file. Optional: nothing depends on hearing it, and a listener without
   * it is not sent the notice (four a second under steady writes).
   */
  synced?(frames: number): void;
}

interface Entry {
  readonly listener: CheckpointListener;
  removed?: () => void;
}

/**
 * One thread per process checkpoints every sqlite file Signet has open, so a checkpoint — a copy
 * of the WAL into the database and two fsyncs, tens of milliseconds under load — never stalls
 * the event loop. Started with the first file; it holds the process open only while an answer
 * is awaited (a file being opened or let go of).
 */
class Checkpointer {
  #worker: Worker | undefined;
  #next = 0;
  readonly #entries = new Map<number, Entry>();
  /** Requests awaiting the thread's answer: while there are any, it holds the process open. */
  #awaited = 0;

  #expect(worker: Worker): void {
    if (this.#awaited++ === 0) worker.ref();
  }

  #answered(worker: Worker): void {
    if (--this.#awaited === 0) worker.unref();
  }

  add(file: string, listener: CheckpointListener, restartFrames: number): () => Promise<void> {
    const worker = this.#start();
    const id = this.#next++;
    const entry: Entry = { listener };
    this.#entries.set(id, entry);
    this.#expect(worker);
    worker.postMessage({ add: id, file, restartFrames, reportSyncs: listener.synced !== undefined });
    let stopped: Promise<void> | undefined;
    // Idempotent: a second close of the same database waits for the same answer.
    return () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (!this.#entries.has(id) || !this.#worker) {
          this.#entries.delete(id);
          resolve();
          return;
        }
        entry.removed = resolve;
        this.#expect(this.#worker);
        this.#worker.postMessage({ remove: id });
      }));
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    // No inherited loaders (--import tsx in development): the thread runs plain CommonJS.
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { driver, intervalMs: CHECKPOINT_INTERVAL_MS } });
    worker.on('message', (m: { id: number; error?: string; ready?: boolean; failed?: boolean; removed?: boolean; walFrames?: number; synced?: number }) => {
      if (m.ready || m.failed || m.removed) this.#answered(worker);
      const entry = this.#entries.get(m.id);
      if (!entry) return;
      if (m.removed) {
        this.#entries.delete(m.id);
        entry.removed?.();
      } else if (m.failed) {
        this.#entries.delete(m.id);
        entry.listener.fallBack(m.error ?? 'could not open the database');
        entry.removed?.(); // unregistered meanwhile: the thread will not answer for it again
      } else if (m.error) {
        entry.listener.failed(m.error);
      } else if (m.walFrames !== undefined) {
        entry.listener.walLong(m.walFrames);
      } else if (m.synced !== undefined) {
        entry.listener.synced?.(m.synced);
      }
    });
    const ended = (reason: string) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#awaited = 0;
      const entries = [...this.#entries.values()];
      this.#entries.clear();
      for (const entry of entries) {
        if (entry.removed) entry.removed();
        else entry.listener.fallBack(reason);
      }
    };
    worker.on('error', (err) => ended(`the checkpointer thread failed: ${err.message}`));
    worker.on('exit', (code) => ended(`the checkpointer thread exited (${code})`));
    // Unreferenced between requests (after the listeners, which would otherwise hold it): a
    // background thread never keeps the process alive.
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}

const checkpointer = new Checkpointer();

/**
 * Has the process's checkpointer thread checkpoint `file` every {@link CHECKPOINT_INTERVAL_MS},
 * telling `listener` when the WAL is `restartFrames` long or longer;
 * returns what unregisters it (after a last checkpoint). The caller turns sqlite's automatic
 * checkpoint off on its connection, and on again when told to {@link CheckpointListener.fallBack}.
 */
export function checkpointInBackground(file: string, listener: CheckpointListener, restartFrames = WAL_RESTART_FRAMES): () => Promise<void> {
  return checkpointer.add(file, listener, restartFrames);
}

/** The part of a better-sqlite3 connection a WAL restart uses. */
interface CheckpointingConnection {
  prepare(sql: string): { get(): unknown };
}

const restartWanted = new WeakSet<object>();

/** Has `conn` restart the WAL after its next commit ({@link restartWalIfWanted}). */
export function wantWalRestart(conn: object): void {
  restartWanted.add(conn);
}

/**
 * Called by the committing connection's owner between two of its transactions: when a restart
 * is wanted, checkpoints what the thread has not copied yet (PASSIVE, never waiting: the thread
 * may be checkpointing, then this tries again after the next commit), so the next transaction
 * begins with the whole WAL copied and sqlite writes it from its start again.
 */
export function restartWalIfWanted(conn: CheckpointingConnection): void {
  if (!restartWanted.has(conn)) return;
  try {
    const done = conn.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { busy: number; log: number; checkpointed: number };
    if (done.busy === 0 && done.checkpointed === done.log) restartWanted.delete(conn);
  } catch {
    restartWanted.delete(conn); // the thread says so again at its next checkpoint if the WAL is still long
  }
}
