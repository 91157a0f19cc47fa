/**
 * Certificate thumbprints and constant-time comparison (reference sbi.md §4.3 step 6). Node only.
 */
import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';

/** Uppercase hex SHA-256 of the certificate DER. Accepts PEM text or DER bytes. */
export function certificateThumbprint(certificate: string | Uint8Array): string {
  const der = typeof certificate === 'string' ? new X509Certificate(certificate).raw : certificate;
  return createHash('sha256').update(der).digest('hex').toUpperCase();
}

/**
 * Decodes a thumbprint as IDA does: hex first, base64url as the fallback (§4.3 step 6). Returns
 * undefined when neither gives 32 bytes.
 */
export function thumbprintBytes(thumbprint: string): Buffer | undefined {
  if (/^[0-9A-Fa-f]{64}$/.test(thumbprint)) return Buffer.from(thumbprint, 'hex');
  if (/^[A-Za-z0-9_-]{43}=?$/.test(thumbprint)) {
    const b = Buffer.from(thumbprint, 'base64url');
    return b.length === 32 ? b : undefined;
  }
  return undefined;
}

/** Constant-time equality of two byte strings (false on length mismatch). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
