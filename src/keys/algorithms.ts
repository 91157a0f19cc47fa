import { generateKeyPair } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyPurpose } from '../core/ports/storage/signing-keys.js';

export type { KeyPurpose } from '../core/ports/storage/signing-keys.js';

/** JWS algorithms Signet signs with (RFC 7518 §3, RFC 8037 §3.1). */
export type SigningAlg = 'ES256' | 'PS256' | 'RS256' | 'EdDSA';

/**
 * The algorithms each purpose keeps a key for, one key (one JWK) per algorithm: FAPI-leaning ES256
 * and PS256 plus RS256, the OIDC default, for tokens; ES256 and Ed25519 for credentials.
 */
export const purposeAlgorithms = {
  token: ['ES256', 'PS256', 'RS256'],
  credential: ['ES256', 'EdDSA'],
} as const satisfies Record<KeyPurpose, readonly SigningAlg[]>;

/** Every purpose, for iteration. */
export const keyPurposes = Object.keys(purposeAlgorithms) as KeyPurpose[];

/** RSA sizes we generate; 2048 meets RFC 7518 §3.3's minimum, 3072 buys margin at 3× the cost. */
export type RsaModulusLength = 2048 | 3072;

const generate = promisify(generateKeyPair);

/** Makes a new key pair for `alg`; {@link generateSigningKeyPair} unless a test supplies its own. */
export type KeyPairGenerator = (
  alg: SigningAlg,
  rsaModulusLength: RsaModulusLength,
) => Promise<{ publicKey: KeyObject; privateKey: KeyObject }>;

/** Generates a key pair for `alg` off the main thread (libuv pool), so starting and rotating never block requests. */
export const generateSigningKeyPair: KeyPairGenerator = async (alg, rsaModulusLength) => {
  switch (alg) {
    case 'ES256':
      return generate('ec', { namedCurve: 'P-256' });
    case 'PS256':
    case 'RS256':
      return generate('rsa', { modulusLength: rsaModulusLength });
    case 'EdDSA':
      return generate('ed25519');
  }
};
