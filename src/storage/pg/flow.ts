import type { AuthorizationCodesRepository } from '../../core/ports/storage/authorization-codes.js';
import type { IssuedTokensRepository } from '../../core/ports/storage/issued-tokens.js';
import type { TransactionsRepository } from '../../core/ports/storage/transactions.js';
import { codeFromRow, type CodeRow } from '../authorization-codes.js';
import { tokenFromRow, type TokenRow } from '../issued-tokens.js';
import { toJson } from '../json.js';
import { counterColumn, newTransactionRow, patchColumns, transactionFromRow, type TransactionRow } from '../transactions.js';
import type { Query } from './session.js';

/**
 * Every statement names the columns it reads instead of `*`: a named statement's result type is
 * fixed when it is prepared, and PostgreSQL refuses to run it once a column is added to its table
 * ("cached plan must not change result type"), which would break the instances still running while
 * another one applies an additive migration.
 */
const TRANSACTION_COLUMNS =
  'id, state, client_id, csrf_hash, sbi_transaction_id, data, subject, auth_time, acr, amr, ' +
  'send_otp_count, authenticate_count, version, created_at, updated_at, expires_at';
const CODE_COLUMNS = 'code_hash, transaction_id, client_id, redirect_uri, code_challenge, nonce, subject, data, created_at, expires_at, consumed_at';
const TOKEN_COLUMNS = 'token_hash, code_hash, client_id, subject, kind, data, created_at, expires_at, revoked_at';
const INSERT_TRANSACTION =
  `INSERT INTO transactions (${TRANSACTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`;

/** {@link TransactionsRepository} on named prepared statements (the same SQL effects as the sqlite one). */
export function pgTransactions(query: Query): TransactionsRepository {
  return {
    async create(tx, now) {
      const r = newTransactionRow(tx, now);
      await query('insert', INSERT_TRANSACTION, [r.id, r.state, r.client_id, r.csrf_hash, r.sbi_transaction_id, r.data, r.subject, r.auth_time,
        r.acr, r.amr, r.send_otp_count, r.authenticate_count, r.version, r.created_at, r.updated_at, r.expires_at]);
      return transactionFromRow(r);
    },
    async get<D>(id: string) {
      const { rows } = await query<TransactionRow>('select', `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE id = $1`, [id]);
      return rows[0] ? transactionFromRow<D>(rows[0]) : null;
    },
    async transition(id, from, to, patch, now, expectedVersion) {
      const cols = patchColumns(patch) as Record<string, unknown>;
      const names = Object.keys(cols); // a fixed set chosen by patchColumns, never caller text
      const params = names.map((n) => cols[n]);
      const set = names.map((n, i) => `${n} = $${i + 1}, `).join('');
      const at = params.length;
      params.push(to, now, id, from);
      let sql = `UPDATE transactions SET ${set}state = $${at + 1}, updated_at = $${at + 2}, version = version + 1 ` +
        `WHERE id = $${at + 3} AND state = $${at + 4} AND expires_at > $${at + 2}`;
      if (expectedVersion !== undefined) {
        params.push(expectedVersion);
        sql += ` AND version = $${at + 5}`;
      }
      const { rows } = await query<TransactionRow>('update', `${sql} RETURNING ${TRANSACTION_COLUMNS}`, params);
      return rows.length === 1 ? transactionFromRow(rows[0]!) : null;
    },
    async incrementCounter(id, counter, max, now) {
      const col = counterColumn(counter);
      const { rows } = await query<{ n: number }>(
        'update',
        `UPDATE transactions SET ${col} = ${col} + 1, updated_at = $1 WHERE id = $2 AND ${col} < $3 AND expires_at > $1 RETURNING ${col} AS n`,
        [now, id, max],
      );
      if (rows[0]) return { ok: true, count: Number(rows[0].n) };
      const exists = await query('select', 'SELECT 1 FROM transactions WHERE id = $1 AND expires_at > $2', [id, now]);
      return { ok: false, reason: exists.rows.length > 0 ? 'limit_reached' : 'not_found' };
    },
    async refundCounter(id, counter, now) {
      const col = counterColumn(counter);
      await query('update', `UPDATE transactions SET ${col} = ${col} - 1, updated_at = $1 WHERE id = $2 AND ${col} > 0`, [now, id]);
    },
  };
}

/** {@link AuthorizationCodesRepository} on named prepared statements; consumption is one conditional UPDATE. */
export function pgAuthorizationCodes(query: Query): AuthorizationCodesRepository {
  return {
    async insert(code, now) {
      await query(
        'insert',
        `INSERT INTO authorization_codes (${CODE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)`,
        [code.codeHash, code.transactionId, code.clientId, code.redirectUri, code.codeChallenge, code.nonce, code.subject, toJson(code.data), now, code.expiresAt],
      );
    },
    async consume<D>(codeHash: string, now: number) {
      const { rows } = await query<CodeRow>(
        'update',
        `UPDATE authorization_codes SET consumed_at = $1 WHERE code_hash = $2 AND consumed_at IS NULL AND expires_at > $1 RETURNING ${CODE_COLUMNS}`,
        [now, codeHash],
      );
      if (rows[0]) return { ok: true, code: codeFromRow<D>(rows[0]) } as const;
      // Lost: find out why, for the caller's error and its revoke-on-reuse decision.
      const existing = (await query<{ consumed_at: number | null }>('select', 'SELECT consumed_at FROM authorization_codes WHERE code_hash = $1', [codeHash])).rows[0];
      if (!existing) return { ok: false, reason: 'unknown' } as const;
      return { ok: false, reason: existing.consumed_at !== null ? 'already_consumed' : 'expired' } as const;
    },
  };
}

/** {@link IssuedTokensRepository} on named prepared statements. */
export function pgIssuedTokens(query: Query): IssuedTokensRepository {
  return {
    async insert(token, now) {
      await query(
        'insert',
        `INSERT INTO issued_tokens (${TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)`,
        [token.tokenHash, token.codeHash, token.clientId, token.subject, token.kind, toJson(token.data), now, token.expiresAt],
      );
    },
    async get<D>(tokenHash: string, now: number) {
      const row = (await query<TokenRow>('select', `SELECT ${TOKEN_COLUMNS} FROM issued_tokens WHERE token_hash = $1`, [tokenHash])).rows[0];
      if (!row) return null;
      const status = row.revoked_at !== null ? 'revoked' : row.expires_at <= now ? 'expired' : 'active';
      return { token: tokenFromRow<D>(row), status } as const;
    },
    async revoke(tokenHash, now) {
      const { rowCount } = await query('update', 'UPDATE issued_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [now, tokenHash]);
      return rowCount === 1;
    },
    async revokeTokensOfCode(codeHash, now) {
      const { rowCount } = await query('update', 'UPDATE issued_tokens SET revoked_at = $1 WHERE code_hash = $2 AND revoked_at IS NULL', [now, codeHash]);
      return rowCount ?? 0;
    },
  };
}
