import { ECDH } from 'node:crypto';
import type { JWK } from 'jose';
import { splitFragment } from './did-jwk.js';
import { multibaseDecode, multibaseEncode } from './multibase.js';

/** did:key method prefix (W3C CCG did:key v0.7 §3.1). */
export const DID_KEY_PREFIX = 'did:key:';

/**
 * Multicodec public-key headers as unsigned varints (multiformats multicodec table):
 * `ed25519-pub` 0xed → `ed 01`, `p256-pub` 0x1200 → `80 24` (key is the 33-byte compressed point).
 */
const CODECS = {
  ed25519: { header: [0xed, 0x01], keyLength: 32 },
  p256: { header: [0x80, 0x24], keyLength: 33 },
} as const;

/**
 * Longest multibase value a supported key can have: 35 bytes (2-byte header + 33-byte P-256 point)
 * are at most 48 base58 digits, plus `z`. Longer ids are refused before decoding, because base58
 * decoding is quadratic in the length and the kid comes from an untrusted proof header.
 */
const MAX_MULTIBASE_LENGTH = 64;

/** Result of parsing a did:key DID or DID URL. */
export type DidKeyResult = { ok: true; did: string; jwk: JWK } | { ok: false; rule: string };

function hasHeader(bytes: Uint8Array, header: readonly number[]): boolean {
  return header.every((byte, i) => bytes[i] === byte);
}

/**
 * Resolves a did:key DID URL to its public JWK. Supports Ed25519 and P-256 keys; the fragment, when
 * present, must repeat the multibase value (did:key §3.1.2: the key's id is `did:key:z…#z…`).
 */
export function parseDidKey(didUrl: string): DidKeyResult {
  if (!didUrl.startsWith(DID_KEY_PREFIX)) return { ok: false, rule: 'kid must start with did:key:' };
  const [did, fragment] = splitFragment(didUrl);
  const multibase = did.slice(DID_KEY_PREFIX.length);
  if (multibase.length > MAX_MULTIBASE_LENGTH) {
    return { ok: false, rule: 'did:key must be an Ed25519 (0xed) or P-256 (0x1200) public key' };
  }
  if (fragment !== undefined && fragment !== multibase) {
    return { ok: false, rule: 'a did:key URL fragment must equal the multibase key (did:key §3.1.2)' };
  }
  const bytes = multibaseDecode(multibase);
  if (!bytes) return { ok: false, rule: 'did:key id must be multibase base58btc (z…)' };
  const key = bytes.subarray(2);
  if (hasHeader(bytes, CODECS.ed25519.header) && key.length === CODECS.ed25519.keyLength) {
    return { ok: true, did, jwk: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key).toString('base64url') } };
  }
  if (hasHeader(bytes, CODECS.p256.header) && key.length === CODECS.p256.keyLength) {
    return decompressP256(did, key);
  }
  return { ok: false, rule: 'did:key must be an Ed25519 (0xed) or P-256 (0x1200) public key' };
}

function decompressP256(did: string, compressed: Uint8Array): DidKeyResult {
  let point: Buffer;
  try {
    point = ECDH.convertKey(compressed, 'prime256v1', undefined, undefined, 'uncompressed') as Buffer;
  } catch {
    return { ok: false, rule: 'did:key P-256 key must be a valid compressed point' };
  }
  const x = point.subarray(1, 33).toString('base64url');
  const y = point.subarray(33, 65).toString('base64url');
  return { ok: true, did, jwk: { kty: 'EC', crv: 'P-256', x, y } };
}

/** did:key for an Ed25519 (OKP) or P-256 (EC) public JWK; throws for other key types. */
export function didKeyFromJwk(jwk: JWK): string {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x) {
    const x = Buffer.from(jwk.x, 'base64url');
    return DID_KEY_PREFIX + multibaseEncode(Uint8Array.from([...CODECS.ed25519.header, ...x]));
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && jwk.x && jwk.y) {
    const x = Buffer.from(jwk.x, 'base64url');
    const y = Buffer.from(jwk.y, 'base64url');
    const prefix = (y[y.length - 1]! & 1) === 1 ? 0x03 : 0x02;
    return DID_KEY_PREFIX + multibaseEncode(Uint8Array.from([...CODECS.p256.header, prefix, ...x]));
  }
  throw new TypeError('did:key supports Ed25519 and P-256 public keys only');
}
