import type { RequestedClaim } from "../rules/claims-request.js";
import type { ResolvedScopes } from "../rules/scopes.js";

/** The JSON a login transaction stores (transactions.data). No secret appears in clear. */
export interface TransactionData {
  readonly redirectUri: string;
  readonly state: string;
  /** The OIDC nonce, sealed (AES-256-GCM under a server key); never stored in clear. */
  readonly nonceSealed: string;
  readonly codeChallenge: string;
  readonly scopes: ResolvedScopes;
  readonly claims: readonly RequestedClaim[];
  readonly acrs: readonly string[];
  readonly forceConsent: boolean;
  readonly claimsLocales: readonly string[];
  readonly uiLocales: readonly string[];
  readonly resource: readonly string[];
  /** OpenID4VCI configurations the access token will allow. */
  readonly credentialConfigurationIds: readonly string[];
  /** Configuration ids requested through authorization_details (echoed in the token response). */
  readonly authorizationDetails?: readonly string[];
  /** Who created the transaction (`ownerOf` its principal); only it may advance it. */
  readonly owner?: string;
  /** Set by Authenticate. */
  readonly kycTokenSealed?: string;
  readonly consentRequired?: boolean;
  /** Accepted claims and permitted scopes reused from a stored consent (no consent page). */
  readonly storedConsent?: { readonly claims: readonly string[]; readonly scopes: readonly string[] };
}

/** The JSON an authorization code stores (authorization_codes.data). */
export interface CodeData {
  readonly scopes: ResolvedScopes;
  readonly acceptedClaims: readonly string[];
  readonly permittedScopes: readonly string[];
  readonly acr: string;
  readonly amr: readonly string[];
  readonly authTime: number;
  readonly claimsLocales: readonly string[];
  readonly kycTokenSealed: string;
  readonly credentialConfigurationIds: readonly string[];
  readonly authorizationDetails?: readonly string[];
}

/** The JSON an issued access token stores (issued_tokens.data). */
export interface AccessTokenData {
  /** Whether `openid` was granted: only then may the token be used at userinfo (OIDC Core §5.3). */
  readonly openid?: boolean;
  readonly acceptedClaims: readonly string[];
  readonly claimsLocales: readonly string[];
  readonly kycTokenSealed: string;
  readonly scope: string;
  readonly credentialConfigurationIds: readonly string[];
  /**
   * The `credential_identifiers` the token response carried in `authorization_details`
   * (OpenID4VCI 1.0 §6.2); when there are any, credential requests must use them (§8.2).
   */
  readonly credentialIdentifiers?: readonly string[];
}
