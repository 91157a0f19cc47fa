import type { Knex } from 'knex';

/**
 * knex bound to one connection — the one a direct unit of work holds (a better-sqlite3 connection
 * or a pg client): its queries run there, inside the open transaction, instead of asking the pool
 * (which on sqlite would wait for this very unit to end, and on PostgreSQL would run outside it).
 * A transaction asked of it joins the open one; `raw` runs there too. `beforeUse` runs as each query is built (the
 * PostgreSQL unit queues its deferred `BEGIN` there, ahead of the query on the connection).
 */
export function knexOn(db: Knex, conn: unknown, beforeUse?: () => void): Knex {
  const bound = ((table: string) => {
    beforeUse?.();
    return db(table).connection(conn);
  }) as unknown as Knex;
  const join = (fn: (trx: Knex) => unknown) => Promise.resolve().then(() => fn(bound));
  const raw = (sql: string, bindings?: readonly unknown[]) => {
    beforeUse?.();
    return db.raw(sql, (bindings ?? []) as never).connection(conn);
  };
  return Object.assign(bound, { transaction: join as unknown as Knex['transaction'], raw: raw as unknown as Knex['raw'] });
}
