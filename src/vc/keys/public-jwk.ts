import type { JWK } from 'jose';

/**
 * JWK members that carry private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1).
 * OpenID4VCI 1.0 Appendix F.1: the proof's `jwk` header "MUST NOT contain a private key".
 */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The public members Signet keeps for a holder key (RFC 7518 §6.2.1, §6.3.1; RFC 8037 §2). */
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

/** True when `jwk` holds any private or symmetric key member. */
export function hasPrivateMembers(jwk: Record<string, unknown>): boolean {
  return PRIVATE_JWK_MEMBERS.some((member) => member in jwk);
}

/**
 * The key-defining public members of `jwk` only (drops `kid`, `use`, `alg`, `key_ops`, x5*…),
 * so a holder key placed in `cnf.jwk` or a did:jwk carries nothing the holder did not prove.
 */
export function publicJwk(jwk: JWK): JWK {
  const out: Record<string, unknown> = {};
  for (const member of PUBLIC_MEMBERS) {
    if (jwk[member] !== undefined) out[member] = jwk[member];
  }
  return out as JWK;
}
