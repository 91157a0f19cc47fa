/**
 * Closed vocabularies of the credential configuration: `as const` objects, so each is both a
 * value to validate against at run time and a string-union type.
 */

/** Credential formats Signet issues (OpenID4VCI 1.0 Appendix A). */
export const CredentialFormat = {
  SdJwtVc: 'dc+sd-jwt',
  JwtVcJson: 'jwt_vc_json',
  LdpVc: 'ldp_vc',
} as const;
export type CredentialFormat = (typeof CredentialFormat)[keyof typeof CredentialFormat];
export const CREDENTIAL_FORMATS: readonly CredentialFormat[] = Object.values(CredentialFormat);

/** Cryptographic binding methods (OpenID4VCI 1.0 §12.2.4 `cryptographic_binding_methods_supported`). */
export const BINDING_METHODS = ['jwk', 'did:jwk', 'did:key'] as const;
export type BindingMethod = (typeof BINDING_METHODS)[number];

/**
 * Asymmetric JWS algorithms a wallet may sign a `jwt` key proof with (RFC 7518 §3.1, RFC 8037 §3.1).
 * Anything else — `none`, HS* (MAC, not a key proof) — is refused (OpenID4VCI 1.0 Appendix F.1).
 */
export const ASYMMETRIC_JWS_ALGS = [
  'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512',
] as const;
export type AsymmetricJwsAlg = (typeof ASYMMETRIC_JWS_ALGS)[number];

/** How Signet signs each format: a JWS alg for the JWT formats, a cryptosuite for ldp_vc. */
export const CREDENTIAL_SIGNING_ALGS = {
  'dc+sd-jwt': ['ES256', 'EdDSA'],
  jwt_vc_json: ['ES256', 'EdDSA'],
  ldp_vc: ['eddsa-rdfc-2022'],
} as const satisfies Record<CredentialFormat, readonly string[]>;
export type CredentialSigningAlg = (typeof CREDENTIAL_SIGNING_ALGS)[CredentialFormat][number];

/** Attributes the identity system returns (OIDC Core §5.1 standard claim names + `individual_id`). */
export const IDENTITY_ATTRIBUTES = [
  'individual_id', 'name', 'given_name', 'family_name', 'birthdate', 'gender', 'email',
  'phone_number', 'address', 'picture',
] as const;
export type IdentityAttribute = (typeof IDENTITY_ATTRIBUTES)[number];

/** Base contexts each W3C format must start with (VCDM 1.1 §4.1 for JWT; VCDM 2.0 §4.3 for ldp_vc). */
export const VCDM_1_1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const VCDM_2_0_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/**
 * Claim names a configuration may not map, because the format itself uses them: SD-JWT VC
 * registered claims (SD-JWT VC §3.2.2) and SD-JWT's own members; `id`/`type` of a VC subject.
 */
export const RESERVED_CLAIM_NAMES = {
  'dc+sd-jwt': ['iss', 'iat', 'nbf', 'exp', 'vct', 'vct#integrity', 'cnf', 'status', 'sub', '_sd', '_sd_alg', '...'],
  jwt_vc_json: ['id', 'type', '@context'],
  ldp_vc: ['id', 'type', '@context'],
} as const satisfies Record<CredentialFormat, readonly string[]>;
