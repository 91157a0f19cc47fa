import { randomToken } from '../crypto/random.js';
import type { Database } from './db.js';
import { fromJson, fromJsonOrNull, toJson } from './json.js';
import type { NewTransaction, TransactionPatch, TransactionRecord, TransactionState, TransactionsRepository } from '../core/ports/storage/transactions.js';

/** A fresh transaction id: 256 random bits, base64url. */
export function newTransactionId(): string {
  return randomToken(32);
}

/** The knex implementation of {@link TransactionsRepository}. */
export function knexTransactions(db: Database): TransactionsRepository {
  const table = () => db('transactions');
  return {
    async create(tx, now) {
      const row = newTransactionRow(tx, now);
      await table().insert(row);
      return transactionFromRow(row);
    },
    async get<D>(id: string) {
      const row = (await table().where({ id }).first()) as TransactionRow | undefined;
      return row ? transactionFromRow<D>(row) : null;
    },
    async transition<D>(id: string, from: TransactionState, to: TransactionState, patch: TransactionPatch<D>, now: number, expectedVersion?: number) {
      const query = table().where({ id, state: from }).andWhere('expires_at', '>', now);
      if (expectedVersion !== undefined) query.andWhere({ version: expectedVersion });
      // RETURNING gives the row exactly as this UPDATE left it (PostgreSQL and sqlite ≥ 3.35).
      const rows = (await query.update(
        { ...patchColumns(patch), state: to, updated_at: now, version: db.raw('version + 1') },
        '*',
      )) as TransactionRow[];
      const row = rows[0];
      return rows.length === 1 && row ? transactionFromRow<D>(row) : null;
    },
    async incrementCounter(id, counter, max, now) {
      const rows = (await table()
        .where({ id })
        .andWhere(counter, '<', max)
        .andWhere('expires_at', '>', now)
        .update({ [counter]: db.raw('?? + 1', [counter]), updated_at: now }, [counter])) as Record<string, number>[];
      const count = rows[0]?.[counter];
      if (count !== undefined) return { ok: true, count: Number(count) };
      const exists = await table().where({ id }).andWhere('expires_at', '>', now).first('id');
      return { ok: false, reason: exists ? 'limit_reached' : 'not_found' };
    },
    async refundCounter(id, counter, now) {
      await table().where({ id }).andWhere(counter, '>', 0).update({ [counter]: db.raw('?? - 1', [counter]), updated_at: now });
    },
  };
}

/** The row a new transaction starts as. */
export function newTransactionRow(tx: NewTransaction<unknown>, now: number): TransactionRow {
  return {
    id: tx.id ?? newTransactionId(), state: 'created', client_id: tx.clientId, csrf_hash: tx.csrfHash ?? null,
    sbi_transaction_id: tx.sbiTransactionId ?? null, data: toJson(tx.data), subject: null, auth_time: null,
    acr: null, amr: null, send_otp_count: 0, authenticate_count: 0, version: 0,
    created_at: now, updated_at: now, expires_at: tx.expiresAt,
  };
}

/** A `transactions` row as both engines return it. */
export interface TransactionRow {
  id: string; state: TransactionState; client_id: string; csrf_hash: string | null;
  sbi_transaction_id: string | null; data: string; subject: string | null; auth_time: number | null;
  acr: string | null; amr: string | null; send_otp_count: number; authenticate_count: number;
  version: number; created_at: number; updated_at: number; expires_at: number;
}

/** The columns a transition sets for `p`. */
export function patchColumns(p: TransactionPatch<unknown>): Partial<TransactionRow> {
  const cols: Partial<TransactionRow> = {};
  if (p.data !== undefined) cols.data = toJson(p.data);
  if (p.subject !== undefined) cols.subject = p.subject;
  if (p.authTime !== undefined) cols.auth_time = p.authTime;
  if (p.acr !== undefined) cols.acr = p.acr;
  if (p.amr !== undefined) cols.amr = p.amr === null ? null : toJson(p.amr);
  if (p.csrfHash !== undefined) cols.csrf_hash = p.csrfHash;
  if (p.sbiTransactionId !== undefined) cols.sbi_transaction_id = p.sbiTransactionId;
  if (p.expiresAt !== undefined) cols.expires_at = p.expiresAt;
  return cols;
}

/** A `transactions` row as the port's record. */
export function transactionFromRow<D>(r: TransactionRow): TransactionRecord<D> {
  return {
    id: r.id, state: r.state, clientId: r.client_id, csrfHash: r.csrf_hash, sbiTransactionId: r.sbi_transaction_id,
    data: fromJson<D>(r.data), subject: r.subject, authTime: r.auth_time, acr: r.acr,
    amr: fromJsonOrNull<string[]>(r.amr), sendOtpCount: r.send_otp_count, authenticateCount: r.authenticate_count,
    version: r.version, createdAt: r.created_at, updatedAt: r.updated_at, expiresAt: r.expires_at,
  };
}
