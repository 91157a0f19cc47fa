/**
 * The mock identity system's KYC signing key, for signed claims
 * (`CLAIMS_FORMAT_SIGNED_JWT`). It is an Ed25519 key derived from a public constant, so
 * every mock process — in Signet or `signet mock-identity`, however many — signs with the
 * same key and any of them verifies. Public by construction: development only, like the
 * rest of the mock.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import type { JsonObject } from '@bufbuild/protobuf';
import { CompactSign } from 'jose';
import type { KycSigner } from '../grpc/identity-system-service.js';

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410 §7); the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const KID = 'signet-mock-kyc-1';

/** The mock's signer. */
export function mockKycSigner(): KycSigner {
  const seed = createHash('sha256').update('signet mock identity system: public development KYC signing seed').digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return {
    jwks: { keys: [Object.assign({}, jwk, { kid: KID, alg: 'EdDSA', use: 'sig' })] } as unknown as JsonObject,
    sign: (payload) => new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', kid: KID, typ: 'JWT' })
      .sign(privateKey),
  };
}
