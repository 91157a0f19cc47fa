/** Kinds of server-issued single-use nonces. */
export type NonceKind = "c_nonce";

/** The nonces repository: nonces this server hands out (OpenID4VCI `c_nonce`) and accepts once. */
export interface NoncesRepository {
  issue(nonceHash: string, expiresAt: number, now: number, kind?: NonceKind): Promise<void>;
  /** Marks the nonce used with one conditional UPDATE: true once, and only before it expires. */
  consume(nonceHash: string, now: number): Promise<boolean>;
}
