import { SignJWT } from 'jose';
import { resolveContexts, signetContextUrl } from '../jsonld/contexts.js';
import { xsdDateTime, type W3cIssueInput } from './w3c-common.js';

/** Inputs of {@link issueJwtVcJson}. */
export type JwtVcJsonInput = W3cIssueInput;

/**
 * Issues a `jwt_vc_json` credential: the VCDM 1.1 JWT encoding (§6.3.1) signed with jose. The
 * registered claims carry the VC properties — `iss` = issuer, `sub` = credentialSubject.id (the
 * holder DID), `nbf` = issuanceDate, `exp` = expirationDate, `jti` = id — and the `vc` claim repeats
 * them with identical values so a VCDM 1.1 decoder finds a complete credential.
 */
export async function issueJwtVcJson(input: JwtVcJsonInput): Promise<string> {
  const alg = input.configuration.credentialSigningAlg as 'ES256' | 'EdDSA';
  const nbf = Math.floor(input.now / 1000);
  const exp = nbf + input.configuration.validitySeconds;
  const vc = {
    '@context': resolveContexts(input.configuration.context, signetContextUrl(input.issuerId, input.signetContextUrl)),
    id: input.jti,
    type: [...input.configuration.type],
    issuer: input.issuerId,
    issuanceDate: xsdDateTime(nbf * 1000),
    expirationDate: xsdDateTime(exp * 1000),
    credentialSubject: { id: input.holderDid, ...input.claims },
  };
  return new SignJWT({ vc })
    .setProtectedHeader({ alg, typ: 'JWT', kid: input.key.kid })
    .setIssuer(input.issuerId)
    .setSubject(input.holderDid)
    .setJti(input.jti)
    .setNotBefore(nbf)
    .setIssuedAt(nbf)
    .setExpirationTime(exp)
    .sign(input.key.privateKey);
}
