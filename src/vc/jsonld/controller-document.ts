import type { JWK } from 'jose';
import { multibaseEncode } from '../keys/multibase.js';
import { MULTIKEY_CONTEXT_V1, SECURITY_CONTEXT_V2 } from './contexts.js';

/** Multicodec `ed25519-pub` header (0xed as varint). */
const ED25519_PUB_HEADER = [0xed, 0x01];

/** A Multikey verification method (W3C Controlled Identifiers 1.0 §2.2.2). */
export interface MultikeyVerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

/** `<issuer>#<kid>`: the verification method id an ldp_vc proof names. */
export function verificationMethodId(issuerId: string, kid: string): string {
  return `${issuerId}#${encodeURIComponent(kid)}`;
}

/** The Multikey form of an Ed25519 public JWK. */
export function ed25519Multikey(issuerId: string, kid: string, publicJwk: JWK): MultikeyVerificationMethod {
  if (publicJwk.kty !== 'OKP' || publicJwk.crv !== 'Ed25519' || !publicJwk.x) {
    throw new TypeError('an ldp_vc issuer key must be an Ed25519 public JWK');
  }
  const raw = Buffer.from(publicJwk.x, 'base64url');
  return {
    id: verificationMethodId(issuerId, kid),
    type: 'Multikey',
    controller: issuerId,
    publicKeyMultibase: multibaseEncode(Uint8Array.from([...ED25519_PUB_HEADER, ...raw])),
  };
}

/**
 * The issuer's controller document (W3C Controlled Identifiers 1.0 §2.1): `id` = the issuer's HTTPS
 * URL, its Ed25519 keys as embedded Multikey verification methods, each listed under
 * `assertionMethod` — the relationship a credential proof's `proofPurpose` names.
 *
 * How a remote verifier resolves `<issuer>#<kid>`: it dereferences the issuer URL (the fragment is
 * not sent), which the gateway must answer with this document (`application/ld+json` or
 * `application/json`), then selects the verification method whose `id` is the full URL. The
 * contexts used here (security v2, multikey v1) are well known, so verifiers can bundle them.
 */
export function buildControllerDocument(issuerId: string, keys: readonly { kid: string; publicJwk: JWK }[]) {
  const methods = keys.map((k) => ed25519Multikey(issuerId, k.kid, k.publicJwk));
  return {
    '@context': [SECURITY_CONTEXT_V2, MULTIKEY_CONTEXT_V1],
    id: issuerId,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}
