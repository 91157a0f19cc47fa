import { randomBytes } from 'node:crypto';
import type { Database } from './db.js';
import { fromJson, fromJsonOrNull, toJson } from './json.js';

/** The authorization flow's states (DESIGN.md lesson 4). Expiry is `expires_at`, not a state. */
export type TransactionState = 'created' | 'authenticated' | 'code_issued' | 'exchanged' | 'failed';

/** The counters that cap attempts per transaction. */
export type TransactionCounter = 'send_otp_count' | 'authenticate_count';

/** One login transaction. `data` is the flow's own JSON (request params, resolved claims, accepted claims…). */
export interface TransactionRecord<D = Record<string, unknown>> {
  readonly id: string;
  readonly state: TransactionState;
  readonly clientId: string;
  readonly csrfHash: string | null;
  readonly sbiTransactionId: string | null;
  readonly data: D;
  readonly subject: string | null;
  readonly authTime: number | null;
  readonly acr: string | null;
  readonly amr: readonly string[] | null;
  readonly sendOtpCount: number;
  readonly authenticateCount: number;
  /** Incremented by every transition; pass it back as `expectedVersion` for optimistic updates. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number;
}

/** What a caller supplies to open a transaction; `id` defaults to {@link newTransactionId}. */
export interface NewTransaction<D = Record<string, unknown>> {
  readonly id?: string;
  readonly clientId: string;
  readonly csrfHash?: string | null;
  readonly sbiTransactionId?: string | null;
  readonly data: D;
  readonly expiresAt: number;
}

/** Fields a transition may set alongside the state change. `data` replaces the stored JSON whole. */
export type TransactionPatch<D = Record<string, unknown>> = Partial<
  Pick<TransactionRecord<D>, 'data' | 'subject' | 'authTime' | 'acr' | 'amr' | 'csrfHash' | 'sbiTransactionId' | 'expiresAt'>
>;

/** Result of {@link TransactionsRepository.incrementCounter}. */
export type CounterResult = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly reason: 'limit_reached' | 'not_found' };

/** The transactions port. */
export interface TransactionsRepository {
  create<D>(tx: NewTransaction<D>, now: number): Promise<TransactionRecord<D>>;
  /** The transaction as stored, expired or not; callers compare `expiresAt` with their clock. */
  get<D = Record<string, unknown>>(id: string): Promise<TransactionRecord<D> | null>;
  /**
   * Moves `id` from `from` to `to` with one conditional UPDATE (state, expiry and optionally version
   * checked in its WHERE). True only when exactly that row changed, so of N racing callers one wins.
   */
  transition<D>(id: string, from: TransactionState, to: TransactionState, patch: TransactionPatch<D>, now: number, expectedVersion?: number): Promise<boolean>;
  /** Adds one to a counter unless it already reached `max` (one UPDATE … WHERE c < max) or the transaction expired. */
  incrementCounter(id: string, counter: TransactionCounter, max: number, now: number): Promise<CounterResult>;
}

/** A fresh transaction id: 256 random bits, base64url. */
export function newTransactionId(): string {
  return randomBytes(32).toString('base64url');
}

/** The knex implementation of {@link TransactionsRepository}. */
export function knexTransactions(db: Database): TransactionsRepository {
  const table = () => db('transactions');
  return {
    async create(tx, now) {
      const row: TransactionRow = {
        id: tx.id ?? newTransactionId(), state: 'created', client_id: tx.clientId, csrf_hash: tx.csrfHash ?? null,
        sbi_transaction_id: tx.sbiTransactionId ?? null, data: toJson(tx.data), subject: null, auth_time: null,
        acr: null, amr: null, send_otp_count: 0, authenticate_count: 0, version: 0,
        created_at: now, updated_at: now, expires_at: tx.expiresAt,
      };
      await table().insert(row);
      return fromRow(row);
    },
    async get<D>(id: string) {
      const row = (await table().where({ id }).first()) as TransactionRow | undefined;
      return row ? fromRow<D>(row) : null;
    },
    async transition(id, from, to, patch, now, expectedVersion) {
      const query = table().where({ id, state: from }).andWhere('expires_at', '>', now);
      if (expectedVersion !== undefined) query.andWhere({ version: expectedVersion });
      const changed = await query.update({
        ...patchColumns(patch),
        state: to,
        updated_at: now,
        version: db.raw('version + 1'),
      });
      return changed === 1;
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
  };
}

interface TransactionRow {
  id: string; state: TransactionState; client_id: string; csrf_hash: string | null;
  sbi_transaction_id: string | null; data: string; subject: string | null; auth_time: number | null;
  acr: string | null; amr: string | null; send_otp_count: number; authenticate_count: number;
  version: number; created_at: number; updated_at: number; expires_at: number;
}

function patchColumns(p: TransactionPatch<unknown>): Partial<TransactionRow> {
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

function fromRow<D>(r: TransactionRow): TransactionRecord<D> {
  return {
    id: r.id, state: r.state, clientId: r.client_id, csrfHash: r.csrf_hash, sbiTransactionId: r.sbi_transaction_id,
    data: fromJson<D>(r.data), subject: r.subject, authTime: r.auth_time, acr: r.acr,
    amr: fromJsonOrNull<string[]>(r.amr), sendOtpCount: r.send_otp_count, authenticateCount: r.authenticate_count,
    version: r.version, createdAt: r.created_at, updatedAt: r.updated_at, expiresAt: r.expires_at,
  };
}
