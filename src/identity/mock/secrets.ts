/** Hashing and constant-time comparison for the mock's secrets (OTP, PIN, KYC tokens): the shared helpers. */
import { hash } from 'node:crypto';
import { randomToken as random } from '../../crypto/random.js';

export { secretsEqual } from '../../crypto/hash.js';

/** Hex SHA-256 of a string, used as a map key so raw secrets are never stored. */
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/** A fresh random token: 256 bits, base64url. */
export function randomToken(): string {
  return random(32);
}

/** A map key for a tuple of strings, unambiguous because parts are NUL-separated. */
export function tupleKey(...parts: string[]): string {
  return sha256Hex(parts.join('\0'));
}
