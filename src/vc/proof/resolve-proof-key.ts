import type { JWK, ProtectedHeaderParameters } from 'jose';
import type { BindingMethod } from '../config/constants.js';
import { didJwkFromJwk, parseDidJwk } from '../keys/did-jwk.js';
import { parseDidKey } from '../keys/did-key.js';
import { hasPrivateMembers, publicJwk } from '../keys/public-jwk.js';

/** The holder key a proof header points at. */
export type ProofKey =
  | { ok: true; jwk: JWK; did: string; bindingMethod: BindingMethod }
  | { ok: false; description: string };

const F1 = '(OpenID4VCI 1.0 Appendix F.1)';

function fromJwkHeader(jwk: unknown): ProofKey {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk) || typeof (jwk as JWK).kty !== 'string') {
    return { ok: false, description: `jwk header must be a JWK object with kty ${F1}` };
  }
  if (hasPrivateMembers(jwk as Record<string, unknown>)) {
    return { ok: false, description: `jwk header must not contain a private key ${F1}` };
  }
  const key = publicJwk(jwk as JWK);
  return { ok: true, jwk: key, did: didJwkFromJwk(key), bindingMethod: 'jwk' };
}

function fromKid(kid: unknown): ProofKey {
  if (typeof kid !== 'string') return { ok: false, description: `kid must be a string ${F1}` };
  const method: BindingMethod | undefined = kid.startsWith('did:jwk:') ? 'did:jwk' : kid.startsWith('did:key:') ? 'did:key' : undefined;
  if (!method) return { ok: false, description: `kid must be a did:jwk or did:key DID URL ${F1}` };
  const parsed = method === 'did:jwk' ? parseDidJwk(kid) : parseDidKey(kid);
  if (!parsed.ok) return { ok: false, description: parsed.rule };
  return { ok: true, jwk: parsed.jwk, did: parsed.did, bindingMethod: method };
}

/**
 * Resolves the proof's key from exactly one of `jwk` or `kid` (Appendix F.1: "MUST contain exactly
 * one key reference"). `x5c` is refused: Signet does not accept X.509 holder keys. The binding
 * method must be one the credential configuration offers.
 */
export function resolveProofKey(header: ProtectedHeaderParameters, allowed: readonly BindingMethod[]): ProofKey {
  if (header.x5c !== undefined) return { ok: false, description: `x5c key references are not supported; use jwk or kid ${F1}` };
  const hasJwk = header.jwk !== undefined;
  const hasKid = header.kid !== undefined;
  if (hasJwk && hasKid) return { ok: false, description: `header must contain exactly one of jwk or kid, not both ${F1}` };
  if (!hasJwk && !hasKid) return { ok: false, description: `header must contain exactly one of jwk or kid ${F1}` };
  const key = hasJwk ? fromJwkHeader(header.jwk) : fromKid(header.kid);
  if (key.ok && !allowed.includes(key.bindingMethod)) {
    return { ok: false, description: `binding method ${key.bindingMethod} is not supported by this credential configuration` };
  }
  return key;
}
