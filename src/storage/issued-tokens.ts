import type { Database } from './db.js';
import { fromJson, toJson } from './json.js';

/** A stored access token, keyed by the SHA-256 of the token. */
export interface IssuedTokenRecord<D = Record<string, unknown>> {
  readonly tokenHash: string;
  /** The code whose exchange produced it, so a replayed code can revoke it. */
  readonly codeHash: string | null;
  readonly clientId: string;
  readonly subject: string;
  readonly kind: 'access';
  readonly data: D;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
}

/** What a caller supplies to record a token. */
export type NewIssuedToken<D = Record<string, unknown>> = Omit<IssuedTokenRecord<D>, 'createdAt' | 'revokedAt'>;

/** A token as looked up, with its standing at `now`. */
export interface TokenLookup<D = Record<string, unknown>> {
  readonly token: IssuedTokenRecord<D>;
  readonly status: 'active' | 'revoked' | 'expired';
}

/** The issued-tokens port. */
export interface IssuedTokensRepository {
  insert<D>(token: NewIssuedToken<D>, now: number): Promise<void>;
  /** The token and whether it is usable at `now`; null when unknown. */
  get<D = Record<string, unknown>>(tokenHash: string, now: number): Promise<TokenLookup<D> | null>;
  /** Revokes one token; false when unknown or already revoked. */
  revoke(tokenHash: string, now: number): Promise<boolean>;
  /** Revokes every token the code produced (on code reuse, RFC 6749 §4.1.2). Returns how many. */
  revokeTokensOfCode(codeHash: string, now: number): Promise<number>;
}

/** The knex implementation of {@link IssuedTokensRepository}. */
export function knexIssuedTokens(db: Database): IssuedTokensRepository {
  const table = () => db('issued_tokens');
  return {
    async insert(token, now) {
      await table().insert({
        token_hash: token.tokenHash, code_hash: token.codeHash, client_id: token.clientId, subject: token.subject,
        kind: token.kind, data: toJson(token.data), created_at: now, expires_at: token.expiresAt, revoked_at: null,
      });
    },
    async get<D>(tokenHash: string, now: number) {
      const row = (await table().where({ token_hash: tokenHash }).first()) as TokenRow | undefined;
      if (!row) return null;
      const status = row.revoked_at !== null ? 'revoked' : row.expires_at <= now ? 'expired' : 'active';
      return { token: fromRow<D>(row), status } as const;
    },
    async revoke(tokenHash, now) {
      return (await table().where({ token_hash: tokenHash }).whereNull('revoked_at').update({ revoked_at: now })) === 1;
    },
    async revokeTokensOfCode(codeHash, now) {
      return table().where({ code_hash: codeHash }).whereNull('revoked_at').update({ revoked_at: now });
    },
  };
}

interface TokenRow {
  token_hash: string; code_hash: string | null; client_id: string; subject: string; kind: 'access';
  data: string; created_at: number; expires_at: number; revoked_at: number | null;
}

function fromRow<D>(r: TokenRow): IssuedTokenRecord<D> {
  return {
    tokenHash: r.token_hash, codeHash: r.code_hash, clientId: r.client_id, subject: r.subject, kind: r.kind,
    data: fromJson<D>(r.data), createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at,
  };
}
