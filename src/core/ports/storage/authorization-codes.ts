/** A stored authorization code, keyed by the SHA-256 of the code (the code itself is never stored). */
export interface AuthorizationCodeRecord<D = Record<string, unknown>> {
  readonly codeHash: string;
  readonly transactionId: string;
  readonly clientId: string;
  readonly redirectUri: string;
  /** The PKCE S256 challenge (RFC 7636 §4.2). */
  readonly codeChallenge: string;
  /** The OIDC nonce as the core stores it: sealed, never in clear. */
  readonly nonce: string | null;
  readonly subject: string;
  /** acr, amr, auth_time, accepted claims, scopes… */
  readonly data: D;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly consumedAt: number | null;
}

/** What a caller supplies to store a code. */
export type NewAuthorizationCode<D = Record<string, unknown>> = Omit<AuthorizationCodeRecord<D>, "createdAt" | "consumedAt">;

/**
 * Outcome of {@link AuthorizationCodesRepository.consume}. On `already_consumed` the caller must
 * revoke what the first exchange issued (RFC 6749 §4.1.2: "SHOULD revoke … all tokens previously issued").
 */
export type ConsumeCodeResult<D = Record<string, unknown>> =
  | { readonly ok: true; readonly code: AuthorizationCodeRecord<D> }
  | { readonly ok: false; readonly reason: "unknown" | "already_consumed" | "expired" };

/** The authorization-codes repository. */
export interface AuthorizationCodesRepository {
  insert<D>(code: NewAuthorizationCode<D>, now: number): Promise<void>;
  /** Marks the code used with one conditional UPDATE; of N racing callers exactly one gets `ok`. */
  consume<D = Record<string, unknown>>(codeHash: string, now: number): Promise<ConsumeCodeResult<D>>;
}
