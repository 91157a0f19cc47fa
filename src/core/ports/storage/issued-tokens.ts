/** A stored access token, keyed by the SHA-256 of the token. */
export interface IssuedTokenRecord<D = Record<string, unknown>> {
  readonly tokenHash: string;
  /** The code whose exchange produced it, so a replayed code can revoke it. */
  readonly codeHash: string | null;
  readonly clientId: string;
  readonly subject: string;
  readonly kind: "access";
  readonly data: D;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
}

/** What a caller supplies to record a token. */
export type NewIssuedToken<D = Record<string, unknown>> = Omit<IssuedTokenRecord<D>, "createdAt" | "revokedAt">;

/** A token as looked up, with its standing at `now`. */
export interface TokenLookup<D = Record<string, unknown>> {
  readonly token: IssuedTokenRecord<D>;
  readonly status: "active" | "revoked" | "expired";
}

/** The issued-tokens repository. */
export interface IssuedTokensRepository {
  insert<D>(token: NewIssuedToken<D>, now: number): Promise<void>;
  /** The token and whether it is usable at `now`; null when unknown. */
  get<D = Record<string, unknown>>(tokenHash: string, now: number): Promise<TokenLookup<D> | null>;
  /** Revokes one token; false when unknown or already revoked. */
  revoke(tokenHash: string, now: number): Promise<boolean>;
  /** Revokes every token the code produced (on code reuse, RFC 6749 §4.1.2). Returns how many. */
  revokeTokensOfCode(codeHash: string, now: number): Promise<number>;
}
