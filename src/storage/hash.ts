import { createHash } from 'node:crypto';

/**
 * SHA-256 of a secret, base64url without padding. The store only ever sees these hashes
 * (codes, tokens, nonces, jtis), so a leaked database cannot replay them (DESIGN.md lesson 5).
 */
export function sha256b64url(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('base64url');
}
