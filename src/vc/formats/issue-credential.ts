import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import type { CredentialFormat } from '../config/constants.js';
import type { CredentialConfiguration } from '../config/types.js';
import { didJwkFromJwk } from '../keys/did-jwk.js';
import type { Issuer } from '../keys/issuer-keys.js';
import { hasPrivateMembers } from '../keys/public-jwk.js';
import { IssuanceError, IssuanceErrorCode } from './issuance-error.js';
import { issuerKeyFor } from './issuer-signing.js';
import { issueJwtVcJson } from './jwt-vc-json.js';
import { selectClaims } from './select-claims.js';

/** Inputs of {@link issueCredential}. */
export interface IssueCredentialInput {
  readonly configuration: CredentialConfiguration;
  /** Identity-system attributes (attribute name → value); only mapped ones are used. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The proven holder key (from `validateJwtProof`); `did` defaults to the key's did:jwk. */
  readonly holder: { readonly jwk: JWK; readonly did?: string };
  readonly issuer: Issuer;
  /** Issuance time, milliseconds since the epoch. */
  readonly now: number;
  /** Credential id for the W3C formats; defaults to a random `urn:uuid:`. */
  readonly jti?: string;
}

/** An issued credential as the credential response carries it (OpenID4VCI 1.0 §8.3). */
export type IssuedCredential =
  | { readonly format: Exclude<CredentialFormat, 'ldp_vc'>; readonly credential: string }
  | { readonly format: 'ldp_vc'; readonly credential: Record<string, unknown> };

/**
 * The libraries of two formats load with the first credential of that format, not when Signet
 * starts: the JSON-LD stack behind `ldp_vc` (Digital Bazaar's libraries, jsonld and its HTTP
 * client, about 1.2 MB of code) and the SD-JWT library. Every process that never issues them
 * (a gateway, a core that serves only logins, each test) starts without parsing them.
 */
const ldpVc = () => import('./ldp-vc.js');
const sdJwtVc = () => import('./sd-jwt-vc.js');

/**
 * Issues one credential in the configuration's format, bound to the holder key. Throws
 * {@link IssuanceError} for a missing mandatory attribute, a missing issuer key or a holder key with
 * private members.
 */
export async function issueCredential(input: IssueCredentialInput): Promise<IssuedCredential> {
  const { configuration, issuer, now } = input;
  if (hasPrivateMembers(input.holder.jwk as Record<string, unknown>)) {
    throw new IssuanceError(IssuanceErrorCode.UnsupportedHolderKey, 'holder key must be a public JWK');
  }
  const claims = selectClaims(configuration, input.claims);
  const key = issuerKeyFor(configuration, issuer);
  if (configuration.format === 'dc+sd-jwt') {
    const { issueSdJwtVc } = await sdJwtVc();
    const credential = await issueSdJwtVc({ configuration, claims, holderJwk: input.holder.jwk, issuerId: issuer.id, key, now });
    return { format: 'dc+sd-jwt', credential };
  }
  const holderDid = input.holder.did ?? didJwkFromJwk(input.holder.jwk);
  const jti = input.jti ?? `urn:uuid:${randomUUID()}`;
  const common = { configuration, claims, holderDid, issuerId: issuer.id, key, now, jti, ...(issuer.signetContextUrl ? { signetContextUrl: issuer.signetContextUrl } : {}) };
  if (configuration.format === 'jwt_vc_json') return { format: 'jwt_vc_json', credential: await issueJwtVcJson(common) };
  const { issueLdpVc } = await ldpVc();
  return { format: 'ldp_vc', credential: await issueLdpVc(common) };
}
