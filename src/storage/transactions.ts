import { randomToken } from '../crypto/random.js';
import { fromJson, fromJsonOrNull, toJson } from './json.js';
import type { NewTransaction, TransactionCounter, TransactionPatch, TransactionRecord, TransactionState } from '../core/ports/storage/transactions.js';

/** A fresh transaction id: 256 random bits, base64url. */
export function newTransactionId(): string {
  return randomToken(32);
}

const COUNTERS: ReadonlySet<TransactionCounter> = new Set(['send_otp_count', 'authenticate_count']);

/** Only the two counter columns reach the SQL text (the port's type says so; this makes it so at run time). */
export function counterColumn(counter: TransactionCounter): TransactionCounter {
  if (!COUNTERS.has(counter)) throw new Error(`unknown transaction counter ${String(counter)}`);
  return counter;
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
