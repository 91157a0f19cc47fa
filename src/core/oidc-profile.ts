/**
 * What this provider supports, in one place: discovery metadata, client registration
 * and the authorize rules all read these lists, so nothing is advertised that does not
 * work (OIDC Discovery §3, RFC 8414 §2).
 */

/** OpenID scopes and the claims each implies (OIDC Core §5.4; eSignet reference §5.2). */
export const openidScopeClaims = {
  openid: [],
  profile: ["name", "given_name", "family_name", "gender", "birthdate", "picture", "locale", "updated_at"],
  email: ["email", "email_verified"],
  phone: ["phone_number", "phone_number_verified"],
  address: ["address"],
} as const satisfies Record<string, readonly string[]>;

export type OpenidScope = keyof typeof openidScopeClaims;

/** Authorize scopes: resource permissions shown on the consent page (eSignet §5.2). */
export const authorizeScopes = [
  "Manage-Identity-Data",
  "Manage-VID",
  "Manage-Authentication",
  "Manage-Service-Requests",
  "Manage-Credentials",
] as const;

/** Every user claim Signet can release (discovery `claims_supported`, minus protocol claims). */
export const userClaims = [
  "name",
  "given_name",
  "family_name",
  "gender",
  "birthdate",
  "picture",
  "locale",
  "updated_at",
  "email",
  "email_verified",
  "phone_number",
  "phone_number_verified",
  "address",
  "individual_id",
] as const;

/** Authentication factor types implemented end to end. */
export type FactorType = "OTP" | "PIN" | "BIO" | "KBI";

/** One factor of an ACR; BIO factors say how many records. */
export interface AcrFactor {
  readonly type: FactorType;
  readonly count?: number;
}

/** One ACR: the AMR name recorded when it is satisfied and the factors it needs. */
export interface AcrDefinition {
  readonly amr: string;
  readonly factors: readonly AcrFactor[];
}

/**
 * ACR → factors (eSignet `amr_acr_mapping.json`, reference §5.6), restricted to the
 * factors Signet implements. `amr` values follow RFC 8176 where one fits.
 */
export const acrDefinitions: Readonly<Record<string, AcrDefinition>> = {
  "mosip:idp:acr:generated-code": { amr: "otp", factors: [{ type: "OTP" }] },
  "mosip:idp:acr:static-code": { amr: "pin", factors: [{ type: "PIN" }] },
  "mosip:idp:acr:biometrics": { amr: "bio", factors: [{ type: "BIO", count: 1 }] },
  "mosip:idp:acr:knowledge": { amr: "kba", factors: [{ type: "KBI" }] },
};

/**
 * `amr` values (RFC 8176 §2) for the factors actually presented: the biometric ones name
 * the modality captured.
 */
export const amrOfFactor = { OTP: "otp", PIN: "pin", KBI: "kba", Finger: "fpt", Iris: "iris", Face: "face" } as const;

/** Client-assertion and token signing algorithms (eSignet §5.1, §5.8). */
export const signingAlgs = ["PS256", "RS256", "ES256"] as const;
export type SigningAlg = (typeof signingAlgs)[number];

/** The ID token / userinfo alg used when a client chose none (eSignet default). */
export const defaultSigningAlg: SigningAlg = "PS256";

/** JWE algorithms for encrypted userinfo (RFC 7518 §4.3, §4.6; §5.3). */
export const userinfoEncryptionAlgs = ["RSA-OAEP-256", "ECDH-ES"] as const;
export const userinfoEncryptionEncs = ["A256GCM"] as const;

export const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
