import { signetError, type ErrorCode, type SignetError } from "../errors/index.js";
import { acrDefinitions, signingAlgs, userClaims } from "../oidc-profile.js";
import { publicJwkViolation, type JsonObject } from "./jwk-rules.js";
import { redirectUriViolation } from "./redirect-uri-rules.js";

/**
 * Client registration rules (eSignet client model, reference §3.16), as pure checks.
 * Each returns the first violation as a SignetError whose description names the field
 * (proto field name) and the rule.
 */
export interface ClientInput {
  readonly clientId: string;
  readonly name: string;
  readonly nameLangmap: Readonly<Record<string, string>>;
  readonly logoUri: string;
  readonly redirectUris: readonly string[];
  readonly publicKey: JsonObject | undefined;
  readonly allowedClaims: readonly string[];
  readonly acrValues: readonly string[];
  readonly grantTypes: readonly string[];
  readonly tokenEndpointAuthMethods: readonly string[];
  readonly userinfoResponseType: "JWS" | "JWE";
  readonly encryptionPublicKey: JsonObject | undefined;
  readonly idTokenSignedResponseAlg: string;
  readonly relyingPartyId: string;
  readonly consentExpireMinutes: number;
}

type Check = (c: ClientInput) => SignetError | undefined;

const v = (field: string, error: ErrorCode, rule: string | undefined): SignetError | undefined =>
  rule === undefined ? undefined : signetError(error, `${field}: ${rule}`, { field });

const iso6393 = /^[a-z]{3}$/;

function logoUriRule(uri: string): string | undefined {
  if (uri === "") return undefined;
  try {
    const u = new URL(uri);
    return u.protocol === "https:" || u.protocol === "http:" ? undefined : "must be an http(s) URL";
  } catch {
    return "must be an absolute URL";
  }
}

const checks: Record<keyof ClientInput, Check> = {
  clientId: (c) =>
    v("client_id", "invalid_client_id", /^\S{1,100}$/u.test(c.clientId) ? undefined : "must be 1–100 characters without whitespace"),
  name: (c) =>
    v("name", "invalid_client_name", c.name.trim() !== "" && c.name.length <= 256 ? undefined : "must be 1–256 characters, not blank"),
  nameLangmap: (c) => {
    for (const [lang, value] of Object.entries(c.nameLangmap)) {
      if (!iso6393.test(lang)) return v("name_langmap", "invalid_language_code", `key "${lang}" must be an ISO 639-3 code (three lower-case letters, e.g. eng)`);
      if (value.trim() === "" || value.length > 50) return v("name_langmap", "invalid_client_name_value", `value for "${lang}" must be 1–50 characters, not blank`);
    }
    return undefined;
  },
  logoUri: (c) => v("logo_uri", "invalid_uri", logoUriRule(c.logoUri)),
  redirectUris: (c) => {
    if (c.redirectUris.length < 1 || c.redirectUris.length > 5) return v("redirect_uris", "invalid_redirect_uri", "must list 1–5 URIs");
    for (const uri of c.redirectUris) {
      const rule = redirectUriViolation(uri);
      if (rule) return v("redirect_uris", "invalid_redirect_uri", `"${uri}" ${rule}`);
    }
    return undefined;
  },
  publicKey: (c) => v("public_key", "invalid_public_key", publicJwkViolation(c.publicKey, "sig")),
  allowedClaims: (c) => {
    if (c.allowedClaims.length > 30) return v("allowed_claims", "invalid_claim", "must list at most 30 claims");
    const unknown = c.allowedClaims.filter((x) => !(userClaims as readonly string[]).includes(x));
    return v("allowed_claims", "invalid_claim", unknown.length ? `unsupported claims: ${unknown.join(", ")}` : undefined);
  },
  acrValues: (c) => {
    if (c.acrValues.length < 1 || c.acrValues.length > 30) return v("acr_values", "invalid_acr", "must list 1–30 ACR values");
    const unknown = c.acrValues.filter((x) => !(x in acrDefinitions));
    return v("acr_values", "invalid_acr", unknown.length ? `unsupported ACR values: ${unknown.join(", ")}` : undefined);
  },
  grantTypes: (c) =>
    v("grant_types", "unsupported_grant_type",
      c.grantTypes.length >= 1 && c.grantTypes.every((g) => g === "authorization_code") ? undefined : "only authorization_code is supported"),
  tokenEndpointAuthMethods: (c) =>
    v("token_endpoint_auth_methods", "invalid_client_auth",
      c.tokenEndpointAuthMethods.length >= 1 && c.tokenEndpointAuthMethods.every((m) => m === "private_key_jwt") ? undefined : "only private_key_jwt is supported"),
  userinfoResponseType: (c) =>
    c.userinfoResponseType === "JWE" && !c.encryptionPublicKey
      ? v("encryption_public_key", "invalid_public_key", "is required when userinfo_response_type is JWE")
      : undefined,
  encryptionPublicKey: (c) =>
    c.encryptionPublicKey ? v("encryption_public_key", "invalid_public_key", publicJwkViolation(c.encryptionPublicKey, "enc")) : undefined,
  idTokenSignedResponseAlg: (c) =>
    v("id_token_signed_response_alg", "invalid_client_metadata",
      c.idTokenSignedResponseAlg === "" || (signingAlgs as readonly string[]).includes(c.idTokenSignedResponseAlg) ? undefined : `must be one of ${signingAlgs.join(", ")}`),
  relyingPartyId: (c) =>
    v("relying_party_id", "invalid_rp_id", c.relyingPartyId === "" || /^\S{1,100}$/u.test(c.relyingPartyId) ? undefined : "must be 1–100 characters without whitespace"),
  consentExpireMinutes: (c) =>
    v("consent_expire_minutes", "invalid_additional_config",
      c.consentExpireMinutes === 0 || (Number.isInteger(c.consentExpireMinutes) && c.consentExpireMinutes >= 10) ? undefined : "must be 0 (no expiry) or at least 10"),
};

/** The first violation among all rules, in field order, or undefined when the client is valid. */
export function clientViolation(c: ClientInput): SignetError | undefined {
  for (const check of Object.values(checks)) {
    const found = check(c);
    if (found) return found;
  }
  return undefined;
}
