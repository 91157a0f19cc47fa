import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import type { JWK } from 'jose';
import type { SdJwtVcConfiguration } from '../config/types.js';
import type { IssuerKey } from '../keys/issuer-keys.js';
import { publicJwk } from '../keys/public-jwk.js';
import { jwsSign } from './issuer-signing.js';

/** Inputs of {@link issueSdJwtVc}; `claims` are already selected from the identity attributes. */
export interface SdJwtVcInput {
  readonly configuration: SdJwtVcConfiguration;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly holderJwk: JWK;
  readonly issuerId: string;
  readonly key: IssuerKey;
  /** Milliseconds since the epoch. */
  readonly now: number;
}

/**
 * Issues an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc; OpenID4VCI 1.0 Appendix A.3) with
 * `@sd-jwt/sd-jwt-vc`: header `typ` `dc+sd-jwt` and the issuer `kid` (resolved by verifiers through
 * `/.well-known/jwt-vc-issuer`), payload `iss`, `iat`, `exp`, `vct`, `cnf.jwk` (holder binding,
 * RFC 7800 §3.2) and the claims — selectively disclosable ones as salted SHA-256 disclosures.
 */
export async function issueSdJwtVc(input: SdJwtVcInput): Promise<string> {
  const alg = input.configuration.credentialSigningAlg as 'ES256' | 'EdDSA';
  const sdJwt = new SDJwtVcInstance({
    signer: (data: string) => jwsSign(alg, input.key, data),
    signAlg: alg,
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
  });
  const iat = Math.floor(input.now / 1000);
  const payload = {
    ...input.claims,
    iss: input.issuerId,
    iat,
    exp: iat + input.configuration.validitySeconds,
    vct: input.configuration.vct,
    cnf: { jwk: publicJwk(input.holderJwk) },
  };
  const disclosable = Object.keys(input.claims).filter((name) => input.configuration.claims[name]?.selectivelyDisclosable);
  return sdJwt.issue(payload, { _sd: disclosable } as never, { header: { kid: input.key.kid } });
}
