import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';

/**
 * Client changes across instances on PostgreSQL. Every instance caches client records (every
 * authorize and token call reads one); a change written through one instance — a client
 * deactivated, its redirect URIs or claims replaced — must hold on all of them at once, not
 * after the cache's lifetime. So the write and a `NOTIFY` naming the client commit together
 * ({@link notifyClientChanged}, in the write's transaction), and each instance `LISTEN`s on a
 * connection of its own ({@link listenForClientChanges}) and evicts what it is told about.
 *
 * A notification can be missed only while the listening connection is down, so while it is, the
 * instance trusts no cached client: it is told `deaf()` and reads every client from the database
 * until it listens again (`listening()`), which also forgets everything cached before.
 */

/**
 * The channel of one deployment: notifications are per database, and deployments (or test runs)
 * may share a database in separate schemas. A hash keeps it within PostgreSQL's 63-byte names.
 */
export function clientChangesChannel(db: Knex): string {
  const schema = (db.client.config as { searchPath?: string | readonly string[] }).searchPath;
  const first = Array.isArray(schema) ? schema[0] : schema;
  return first ? `signet_clients_${createHash('sha256').update(first).digest('hex').slice(0, 24)}` : 'signet_clients';
}

/** Queues the notification on `trx`: it is delivered if and when that transaction commits. */
export async function notifyClientChanged(trx: Knex | Knex.Transaction, channel: string, clientId: string): Promise<void> {
  await trx.raw('SELECT pg_notify(?, ?)', [channel, clientId]);
}

/** What a listener tells its instance. */
export interface ClientChangeEvents {
  /** `clientId` changed on some instance (this one included). */
  changed(clientId: string): void;
  /** The listener is not (or no longer) connected: changes may be missed from now on. */
  deaf(reason: string): void;
  /** The listener is connected and listening: changes from now on are heard. */
  listening(): void;
}

/** A running listener. */
export interface ClientChangeListener {
  /** Whether it is connected and listening now. */
  readonly listening: boolean;
  /** Stops listening and ends its connection. */
  close(): Promise<void>;
}

export interface ClientChangeListenerOptions {
  /** Wait before reconnecting after the connection failed; doubles up to `maxRetryMs`. Default 1000. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /**
   * How often the idle connection is checked with a round trip. A peer that vanished without
   * closing the connection (a network partition, a host that stopped) is noticed by TCP
   * keepalive only after hours; a failed check within a few seconds. Default 5000.
   */
  readonly heartbeatMs?: number;
}

/**
 * Listens for client changes on `db`'s database, on a connection outside the pool (a `LISTEN`
 * belongs to one session), with the pool's connection settings, and reconnects when it is lost.
 * Starts deaf: `listening()` comes once `LISTEN` has been acknowledged.
 */
export function listenForClientChanges(db: Knex, events: ClientChangeEvents, opts: ClientChangeListenerOptions = {}): ClientChangeListener {
  const connection = db.client.config.connection as { connectionString: string; connectionTimeoutMillis?: number; query_timeout?: number };
  const channel = clientChangesChannel(db);
  const baseRetry = opts.retryMs ?? 1000;
  const maxRetry = opts.maxRetryMs ?? 30_000;
  const heartbeatMs = opts.heartbeatMs ?? 5000;
  let closed = false;
  let current: pg.Client | undefined;
  let listening = false;
  /** `deaf` was told since the last `listening` (it is told once per outage, not per retry). */
  let toldDeaf = false;
  let retry = baseRetry;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const lost = (client: pg.Client, reason: string) => {
    if (current !== client) return; // already handled
    current = undefined;
    clearInterval(heartbeat);
    client.removeAllListeners('notification');
    client.on('error', () => undefined); // a late socket error on a client we dropped
    client.end().catch(() => undefined);
    listening = false;
    if (closed) return;
    if (!toldDeaf) {
      toldDeaf = true;
      events.deaf(reason);
    }
    retryTimer = setTimeout(connect, retry);
    retryTimer.unref();
    retry = Math.min(retry * 2, maxRetry);
  };

  const connect = () => {
    if (closed) return;
    const client = new pg.Client({
      connectionString: connection.connectionString,
      connectionTimeoutMillis: connection.connectionTimeoutMillis,
      // Bounds the heartbeat's wait on a server that stopped answering.
      query_timeout: connection.query_timeout || 5000,
      keepAlive: true,
      application_name: 'signet-client-changes',
    });
    current = client;
    client.on('error', (err) => lost(client, err.message));
    client.on('end', () => lost(client, 'connection ended'));
    client.on('notification', (n) => {
      if (n.channel === channel && n.payload) events.changed(n.payload);
    });
    client
      .connect()
      .then(() => client.query(`LISTEN "${channel}"`))
      .then(() => {
        if (current !== client) return;
        listening = true;
        toldDeaf = false;
        retry = baseRetry;
        heartbeat = setInterval(() => {
          client.query('SELECT 1').catch((err: Error) => lost(client, `heartbeat failed: ${err.message}`));
        }, heartbeatMs);
        heartbeat.unref();
        events.listening();
      })
      .catch((err: Error) => lost(client, err.message));
  };

  connect();
  return {
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      const client = current;
      current = undefined;
      listening = false;
      if (client) {
        client.on('error', () => undefined);
        await client.end().catch(() => undefined);
      }
    },
  };
}
