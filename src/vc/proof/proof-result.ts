import type { JWK } from 'jose';
import type { BindingMethod } from '../config/constants.js';

/** Credential endpoint error codes a key proof can cause (OpenID4VCI 1.0 §8.3.1.2). */
export const ProofError = {
  /** The proof is malformed, unsigned, signed with the wrong key, stale, or for another issuer. */
  InvalidProof: 'invalid_proof',
  /** The proof carries no usable `nonce`; the wallet should fetch a fresh c_nonce (§7). */
  InvalidNonce: 'invalid_nonce',
} as const;
export type ProofError = (typeof ProofError)[keyof typeof ProofError];

/** A proof that passed every check. */
export interface ValidProof {
  readonly ok: true;
  /** The holder's public key (public members only) — the credential is bound to it. */
  readonly holderJwk: JWK;
  /** `did:jwk`/`did:key` from the `kid`, or a did:jwk derived from the `jwk` header. */
  readonly holderDid: string;
  /** How the wallet referenced its key. */
  readonly bindingMethod: BindingMethod;
  /**
   * The proof's `nonce`, unchecked against storage: the caller must consume it atomically
   * (one conditional update) and answer `invalid_nonce` when it is unknown, used or expired.
   */
  readonly nonce: string;
}

/** A refused proof; `description` names the rule and never echoes key material. */
export interface InvalidProof {
  readonly ok: false;
  readonly error: ProofError;
  readonly description: string;
}

/** Outcome of validating a `jwt` key proof. */
export type ProofResult = ValidProof | InvalidProof;

/** Shorthand for an `invalid_proof` result. */
export function invalidProof(description: string): InvalidProof {
  return { ok: false, error: ProofError.InvalidProof, description };
}
