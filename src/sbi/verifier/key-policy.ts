/**
 * Bounds on the public keys of certificates a capture presents, checked before any signature is
 * verified with them: an RSA key with a huge public exponent or modulus makes each verification
 * arbitrarily slow, and the certificates come from the (untrusted) capture itself.
 */
import type { X509Certificate } from 'node:crypto';

/** RSA modulus sizes accepted (NIST SP 800-57 Part 1 §5.6.1: ≥ 2048; 4096 caps the work). */
export const RSA_MODULUS_BITS = { min: 2048, max: 4096 } as const;
/** Largest RSA public exponent accepted (2^32; devices use 65537). */
export const RSA_MAX_EXPONENT = 2n ** 32n;
/** EC curves accepted (Node's names for P-256, P-384, P-521). */
export const EC_CURVES: readonly string[] = ['prime256v1', 'secp384r1', 'secp521r1'];

/** Why a certificate's key is refused, or undefined when it is within bounds. */
export function keyOutOfBounds(cert: X509Certificate): string | undefined {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss': {
      const bits = details.modulusLength ?? 0;
      const e = details.publicExponent ?? 0n;
      if (bits < RSA_MODULUS_BITS.min || bits > RSA_MODULUS_BITS.max) return `RSA modulus of ${bits} bits (2048-4096 accepted)`;
      if (e < 3n || e > RSA_MAX_EXPONENT || e % 2n === 0n) return 'RSA public exponent outside 3..2^32 or even';
      return undefined;
    }
    case 'ec':
      return EC_CURVES.includes(details.namedCurve ?? '') ? undefined : `EC curve ${details.namedCurve ?? 'unknown'} not accepted`;
    case 'ed25519':
      return undefined;
    default:
      return `${key.asymmetricKeyType ?? 'unknown'} keys are not accepted`;
  }
}
