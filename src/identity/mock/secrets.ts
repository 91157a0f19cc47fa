/** Hashing and constant-time comparison for the mock's secrets (OTP, PIN, KYC tokens). */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Hex SHA-256 of a string, used as a map key so raw secrets are never stored. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Compares two secrets in constant time: both are hashed first, so the comparison
 * works on equal-length digests and leaks neither content nor length.
 */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** A fresh random token: 256 bits, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A map key for a tuple of strings, unambiguous because parts are NUL-separated. */
export function tupleKey(...parts: string[]): string {
  return sha256Hex(parts.join('\0'));
}
