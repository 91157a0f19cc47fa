/**
 * RS256 compact JWS with the MockMDS header `{typ:"JWT", x5c:[leaf], alg:"RS256"}` (reference
 * sbi.md §3, §6.1), plus the tampering helper used by fault injection.
 */
import { CompactSign } from 'jose';
import type { Signer } from './pki.js';

/** Signs the UTF-8 JSON of `payload`. */
export async function signJson(payload: object, signer: Signer): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ typ: 'JWT', x5c: [signer.x5c], alg: 'RS256' })
    .sign(signer.privateKey);
}

/** Replaces the payload of a signed JWS and keeps the old signature (a forged JWS). */
export function replacePayload(jws: string, payload: object): string {
  const [header, , signature] = jws.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}
