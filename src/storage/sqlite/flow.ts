import type { AuthorizationCodesRepository } from '../../core/ports/storage/authorization-codes.js';
import type { IssuedTokensRepository } from '../../core/ports/storage/issued-tokens.js';
import type { TransactionsRepository } from '../../core/ports/storage/transactions.js';
import { codeFromRow, type CodeRow } from '../authorization-codes.js';
import { tokenFromRow, type TokenRow } from '../issued-tokens.js';
import { toJson } from '../json.js';
import { counterColumn, newTransactionRow, patchColumns, transactionFromRow, type TransactionRow } from '../transactions.js';
import type { StatementOperation, Work } from './lease.js';

/**
 * Runs synchronous work on the connection (the lease outside a unit of work, the unit's
 * connection inside), timed and traced as one statement of `operation` (see {@link observeSqliteStatements}).
 */
export type On = <T>(operation: StatementOperation, work: Work<T>) => Promise<T>;

const INSERT_TRANSACTION =
  'INSERT INTO transactions (id, state, client_id, csrf_hash, sbi_transaction_id, data, subject, auth_time, acr, amr, ' +
  'send_otp_count, authenticate_count, version, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** {@link TransactionsRepository} on prepared better-sqlite3 statements (the same SQL effects as the PostgreSQL one). */
export function sqliteTransactions(on: On): TransactionsRepository {
  return {
    create: (tx, now) =>
      on('insert', (c) => {
        const r = newTransactionRow(tx, now);
        c.prepare(INSERT_TRANSACTION).run(r.id, r.state, r.client_id, r.csrf_hash, r.sbi_transaction_id, r.data, r.subject, r.auth_time,
          r.acr, r.amr, r.send_otp_count, r.authenticate_count, r.version, r.created_at, r.updated_at, r.expires_at);
        return transactionFromRow(r);
      }),
    get: <D>(id: string) =>
      on('select', (c) => {
        const row = c.prepare('SELECT * FROM transactions WHERE id = ?').get(id) as TransactionRow | undefined;
        return row ? transactionFromRow<D>(row) : null;
      }),
    transition: (id, from, to, patch, now, expectedVersion) =>
      on('update', (c) => {
        const cols = patchColumns(patch) as Record<string, unknown>;
        const names = Object.keys(cols); // a fixed set chosen by patchColumns, never caller text
        const set = names.map((n) => `${n} = ?, `).join('');
        const sql = `UPDATE transactions SET ${set}state = ?, updated_at = ?, version = version + 1 WHERE id = ? AND state = ? AND expires_at > ?` +
          `${expectedVersion !== undefined ? ' AND version = ?' : ''} RETURNING *`;
        const params = [...names.map((n) => cols[n]), to, now, id, from, now];
        if (expectedVersion !== undefined) params.push(expectedVersion);
        const rows = c.prepare(sql).all(...params) as TransactionRow[];
        return rows.length === 1 ? transactionFromRow(rows[0]!) : null;
      }),
    incrementCounter: (id, counter, max, now) =>
      on('update', (c) => {
        const col = counterColumn(counter);
        const row = c.prepare(`UPDATE transactions SET ${col} = ${col} + 1, updated_at = ? WHERE id = ? AND ${col} < ? AND expires_at > ? RETURNING ${col} AS n`)
          .get(now, id, max, now) as { n: number } | undefined;
        if (row) return { ok: true, count: Number(row.n) } as const;
        const exists = c.prepare('SELECT 1 FROM transactions WHERE id = ? AND expires_at > ?').get(id, now);
        return { ok: false, reason: exists ? 'limit_reached' : 'not_found' } as const;
      }),
    refundCounter: (id, counter, now) =>
      on('update', (c) => {
        const col = counterColumn(counter);
        c.prepare(`UPDATE transactions SET ${col} = ${col} - 1, updated_at = ? WHERE id = ? AND ${col} > 0`).run(now, id);
      }),
  };
}

/** {@link AuthorizationCodesRepository} on prepared statements; consumption is one conditional UPDATE. */
export function sqliteAuthorizationCodes(on: On): AuthorizationCodesRepository {
  return {
    insert: (code, now) =>
      on('insert', (c) => {
        c.prepare(
          'INSERT INTO authorization_codes (code_hash, transaction_id, client_id, redirect_uri, code_challenge, nonce, subject, data, created_at, expires_at, consumed_at) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
        ).run(code.codeHash, code.transactionId, code.clientId, code.redirectUri, code.codeChallenge, code.nonce, code.subject, toJson(code.data), now, code.expiresAt);
      }),
    consume: <D>(codeHash: string, now: number) =>
      on('update', (c) => {
        const row = c.prepare('UPDATE authorization_codes SET consumed_at = ? WHERE code_hash = ? AND consumed_at IS NULL AND expires_at > ? RETURNING *')
          .get(now, codeHash, now) as CodeRow | undefined;
        if (row) return { ok: true, code: codeFromRow<D>(row) } as const;
        // Lost: find out why, for the caller's error and its revoke-on-reuse decision.
        const existing = c.prepare('SELECT consumed_at FROM authorization_codes WHERE code_hash = ?').get(codeHash) as { consumed_at: number | null } | undefined;
        if (!existing) return { ok: false, reason: 'unknown' } as const;
        return { ok: false, reason: existing.consumed_at !== null ? 'already_consumed' : 'expired' } as const;
      }),
  };
}

/** {@link IssuedTokensRepository} on prepared statements. */
export function sqliteIssuedTokens(on: On): IssuedTokensRepository {
  return {
    insert: (token, now) =>
      on('insert', (c) => {
        c.prepare(
          'INSERT INTO issued_tokens (token_hash, code_hash, client_id, subject, kind, data, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)',
        ).run(token.tokenHash, token.codeHash, token.clientId, token.subject, token.kind, toJson(token.data), now, token.expiresAt);
      }),
    get: <D>(tokenHash: string, now: number) =>
      on('select', (c) => {
        const row = c.prepare('SELECT * FROM issued_tokens WHERE token_hash = ?').get(tokenHash) as TokenRow | undefined;
        if (!row) return null;
        const status = row.revoked_at !== null ? 'revoked' : row.expires_at <= now ? 'expired' : 'active';
        return { token: tokenFromRow<D>(row), status } as const;
      }),
    revoke: (tokenHash, now) =>
      on('update', (c) => c.prepare('UPDATE issued_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(now, tokenHash).changes === 1),
    revokeTokensOfCode: (codeHash, now) =>
      on('update', (c) => c.prepare('UPDATE issued_tokens SET revoked_at = ? WHERE code_hash = ? AND revoked_at IS NULL').run(now, codeHash).changes),
  };
}
