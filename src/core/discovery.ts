import {
  acrDefinitions,
  authorizeScopes,
  openidScopeClaims,
  signingAlgs,
  userClaims,
  userinfoEncryptionAlgs,
  userinfoEncryptionEncs,
} from "./oidc-profile.js";

/** The public URLs of the gateway's endpoints, derived from the issuer identifier. */
export interface Endpoints {
  readonly issuer: string;
  readonly authorization: string;
  readonly token: string;
  /** eSignet's token path, also accepted as client-assertion audience. */
  readonly esignetToken: string;
  readonly userinfo: string;
  readonly jwks: string;
  readonly credential: string;
  readonly nonce: string;
}

export function endpointsOf(issuer: string): Endpoints {
  return {
    issuer,
    authorization: `${issuer}/authorize`,
    token: `${issuer}/token`,
    esignetToken: `${issuer}/v1/esignet/oauth/v2/token`,
    userinfo: `${issuer}/userinfo`,
    jwks: `${issuer}/.well-known/jwks.json`,
    credential: `${issuer}/credential`,
    nonce: `${issuer}/nonce`,
  };
}

/** Protocol claims that appear in ID tokens besides user claims. */
const protocolClaims = ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "at_hash"];

/**
 * OpenID Provider metadata (OIDC Discovery 1.0 §3), listing only what works:
 * code flow with PKCE S256, private_key_jwt, pairwise subjects.
 */
export function openidConfiguration(e: Endpoints, credentialScopes: readonly string[]): Record<string, unknown> {
  return {
    issuer: e.issuer,
    authorization_endpoint: e.authorization,
    token_endpoint: e.token,
    userinfo_endpoint: e.userinfo,
    jwks_uri: e.jwks,
    scopes_supported: [...Object.keys(openidScopeClaims), ...authorizeScopes, ...credentialScopes],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code"],
    subject_types_supported: ["pairwise"],
    acr_values_supported: Object.keys(acrDefinitions),
    id_token_signing_alg_values_supported: [...signingAlgs],
    userinfo_signing_alg_values_supported: [...signingAlgs],
    userinfo_encryption_alg_values_supported: [...userinfoEncryptionAlgs],
    userinfo_encryption_enc_values_supported: [...userinfoEncryptionEncs],
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: [...signingAlgs],
    code_challenge_methods_supported: ["S256"],
    claims_supported: [...protocolClaims, ...userClaims],
    claim_types_supported: ["normal"],
    claims_parameter_supported: true,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    authorization_response_iss_parameter_supported: true,
    display_values_supported: ["page", "popup", "touch", "wap"],
    prompt_values_supported: ["none", "login", "consent"],
    ui_locales_supported: ["en"],
    claims_locales_supported: ["en"],
  };
}

/** OAuth 2.0 Authorization Server metadata (RFC 8414 §2). */
export function oauthAuthorizationServer(e: Endpoints, credentialScopes: readonly string[]): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    issuer: e.issuer,
    authorization_endpoint: e.authorization,
    token_endpoint: e.token,
    jwks_uri: e.jwks,
    scopes_supported: [...Object.keys(openidScopeClaims), ...authorizeScopes, ...credentialScopes],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code"],
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: [...signingAlgs],
    code_challenge_methods_supported: ["S256"],
    authorization_response_iss_parameter_supported: true,
  };
  if (credentialScopes.length > 0) meta.authorization_details_types_supported = ["openid_credential"];
  return meta;
}
