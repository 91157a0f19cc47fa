import { sign } from 'node:crypto';
import type { CredentialConfiguration } from '../config/types.js';
import type { Issuer, IssuerKey } from '../keys/issuer-keys.js';
import { IssuanceError, IssuanceErrorCode } from './issuance-error.js';

/** The issuer key a configuration signs with: ES256 → P-256, EdDSA / eddsa-rdfc-2022 → Ed25519. */
export function issuerKeyFor(configuration: CredentialConfiguration, issuer: Issuer): IssuerKey {
  const key = configuration.credentialSigningAlg === 'ES256' ? issuer.keys.es256 : issuer.keys.ed25519;
  if (!key) {
    throw new IssuanceError(IssuanceErrorCode.MissingIssuerKey, `no issuer key for ${configuration.credentialSigningAlg}`);
  }
  return key;
}

/**
 * Signs `data` for a JWS: ES256 as the raw R‖S form RFC 7518 §3.4 requires (not DER), EdDSA as
 * RFC 8037 §3.1. Returns the base64url signature. The private key never leaves its KeyObject.
 */
export function jwsSign(alg: 'ES256' | 'EdDSA', key: IssuerKey, data: string): string {
  const bytes = Buffer.from(data, 'utf8');
  const signature = alg === 'ES256'
    ? sign('sha256', bytes, { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
    : sign(null, bytes, key.privateKey);
  return signature.toString('base64url');
}
