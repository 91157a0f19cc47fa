import type { JWK } from 'jose';
import { hasPrivateMembers, publicJwk } from './public-jwk.js';

/** did:jwk method prefix (did:jwk method specification §2). */
export const DID_JWK_PREFIX = 'did:jwk:';

/** `did:jwk:` + base64url(UTF-8 JSON of the public JWK). */
export function didJwkFromJwk(jwk: JWK): string {
  const json = JSON.stringify(publicJwk(jwk));
  return DID_JWK_PREFIX + Buffer.from(json, 'utf8').toString('base64url');
}

/** Result of parsing a did:jwk DID or DID URL. */
export type DidJwkResult = { ok: true; did: string; jwk: JWK } | { ok: false; rule: string };

/**
 * Parses `did:jwk:<base64url JSON>` with an optional fragment (the method only defines `#0`).
 * Refuses JWKs with private members — a wallet must never publish its private key in a DID.
 */
export function parseDidJwk(didUrl: string): DidJwkResult {
  if (!didUrl.startsWith(DID_JWK_PREFIX)) return { ok: false, rule: 'kid must start with did:jwk:' };
  const [did, fragment] = splitFragment(didUrl);
  if (fragment !== undefined && fragment !== '0') {
    return { ok: false, rule: 'a did:jwk URL fragment must be #0 (did:jwk §2.1)' };
  }
  const encoded = did.slice(DID_JWK_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return { ok: false, rule: 'did:jwk id must be base64url' };
  let jwk: unknown;
  try {
    jwk = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, rule: 'did:jwk id must decode to a JSON JWK' };
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk) || typeof (jwk as JWK).kty !== 'string') {
    return { ok: false, rule: 'did:jwk id must decode to a JWK object with kty' };
  }
  if (hasPrivateMembers(jwk as Record<string, unknown>)) {
    return { ok: false, rule: 'did:jwk key must not contain private key members' };
  }
  return { ok: true, did, jwk: publicJwk(jwk as JWK) };
}

/** Splits a DID URL into the DID and its fragment (without `#`). */
export function splitFragment(didUrl: string): [string, string | undefined] {
  const hash = didUrl.indexOf('#');
  return hash === -1 ? [didUrl, undefined] : [didUrl.slice(0, hash), didUrl.slice(hash + 1)];
}
