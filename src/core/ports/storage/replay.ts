/** What a replay entry guards: client-assertion jtis, authorize nonces, DPoP proof jtis. */
export type ReplayKind = "assertion_jti" | "authorize_nonce" | "dpop_jti" | (string & {});

/** The replay repository: remembers values seen from outside until they could no longer be accepted anyway. */
export interface ReplayRepository {
  /**
   * Records (kind, valueHash) until `expiresAt`. True the first time; false while a live entry exists.
   * One statement, so of N racing callers exactly one gets true; an expired entry is replaced in place.
   */
  recordOnce(kind: ReplayKind, valueHash: string, expiresAt: number, now: number): Promise<boolean>;
}
