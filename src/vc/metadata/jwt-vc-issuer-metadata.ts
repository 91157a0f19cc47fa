import type { JWK } from 'jose';
import { hasPrivateMembers } from '../keys/public-jwk.js';

/** JWT VC issuer metadata (SD-JWT VC draft §5: `issuer` and `jwks`). */
export interface JwtVcIssuerMetadata {
  issuer: string;
  jwks: { keys: JWK[] };
}

/**
 * Builds the `/.well-known/jwt-vc-issuer` document through which SD-JWT VC verifiers find the key
 * for the credential's `iss` + header `kid` (SD-JWT VC draft §5.1). Throws a TypeError when a key
 * lacks `kid` or carries private material: publishing a private key is never recoverable.
 */
export function buildJwtVcIssuerMetadata(input: { issuer: string; jwks: { keys: readonly JWK[] } }): JwtVcIssuerMetadata {
  input.jwks.keys.forEach((key, i) => {
    if (hasPrivateMembers(key as Record<string, unknown>)) throw new TypeError(`jwks.keys[${i}] contains private key members`);
    if (typeof key.kid !== 'string' || key.kid.length === 0) throw new TypeError(`jwks.keys[${i}] must have a kid`);
  });
  return { issuer: input.issuer, jwks: { keys: input.jwks.keys.map((k) => ({ ...k })) } };
}

/**
 * Where the metadata lives: `/.well-known/jwt-vc-issuer` inserted between the host and the path
 * of the issuer identifier (SD-JWT VC draft §5.1, as in RFC 8414 §3.1).
 */
export function jwtVcIssuerMetadataUrl(issuer: string): string {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/jwt-vc-issuer${path}`;
}
