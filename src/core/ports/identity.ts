/**
 * The identity-system port: how the core reaches the national identity system that
 * holds people's records and verifies their factors. Modelled on eSignet's
 * `Authenticator` SPI: `sendOtp`, `doKycAuth`,
 * `doKycExchange`, `getAllKycSigningCertificates`.
 *
 * Adapters throw {@link IdentityError} (`src/identity/identity-error.ts`) with an eSignet error
 * code when the person's input is at fault (it costs a login attempt), and
 * `IdentitySystemUnavailableError` when the identity system could not answer (down,
 * too slow, or answering outside the contract): that never costs an attempt and is
 * reported as `temporarily_unavailable`. Any other thrown value is an adapter fault and
 * the core maps it to `server_error`.
 *
 * The network form of this port is `signet.v1.IdentitySystemService`
 * (`proto/signet/v1/identity_system.proto`); `grpc/` holds the adapter to it and the
 * server-side wrapper that serves any implementation of this interface.
 */

/** OTP delivery channels (eSignet `otpChannels`). */
export type OtpChannel = 'email' | 'phone';

/** Every OTP channel, in the order used when a request names none. */
export const OTP_CHANNELS = ['email', 'phone'] as const satisfies readonly OtpChannel[];

/** Input of {@link IdentitySystem.sendOtp} (eSignet `SendOtpDto`). */
export interface SendOtpInput {
  /** The authentication transaction the OTP is bound to. */
  transactionId: string;
  /** The individual's identifier in the identity system (UIN, VID…). */
  individualId: string;
  /** Where to send the OTP; empty means every channel the person has. */
  channels: readonly OtpChannel[];
  clientId: string;
  relyingPartyId: string;
}

/** Where the OTP went, masked so it can be shown to the user (eSignet `SendOtpResult`). */
export interface SendOtpResult {
  maskedEmail?: string;
  maskedMobile?: string;
}

/** One biometric record from a verified SBI capture, already decrypted by the core. */
export interface BiometricRecord {
  /** SBI `bioType`: `Finger`, `Iris` or `Face`. */
  bioType: string;
  /** SBI `bioSubType` (e.g. `Left IndexFinger`, `UNKNOWN`); empty for `Face`. */
  bioSubType: string;
  /** The plaintext ISO/IEC 19794 record (sbi.md §8), when the core decrypted it. Never logged. */
  isoRecord?: Uint8Array;
  /**
   * The still-encrypted SBI fields, when the deployment lets the identity system decrypt
   * (config `sbi.decrypt=false`): it holds the key the device encrypted to.
   */
  encrypted?: { bioValue: string; sessionKey: string; thumbprint: string; timestamp: string; transactionId: string };
}

/**
 * One authentication factor (eSignet `AuthChallenge`), as a tagged
 * union so the adapter never has to re-parse wire formats.
 */
export type AuthChallenge =
  | { type: 'OTP'; value: string }
  | { type: 'PIN'; value: string }
  | { type: 'BIO'; records: readonly BiometricRecord[] }
  | { type: 'KBI'; fields: Readonly<KnowledgeFields> };

/**
 * Knowledge-based identification (eSignet `KBI`, ACR `mosip:idp:acr:knowledge`): details
 * the person typed, compared with the record by the identity system. Field names are OIDC
 * claim names.
 */
export interface KnowledgeFields {
  /** The full name as registered. */
  name: string;
  /** Date of birth, `YYYY-MM-DD`. */
  birthdate: string;
}

/** Input of {@link IdentitySystem.kycAuth} (eSignet `KycAuthDto`). */
export interface KycAuthInput {
  transactionId: string;
  individualId: string;
  clientId: string;
  relyingPartyId: string;
  /** Every challenge must verify for the authentication to succeed. */
  challenges: readonly AuthChallenge[];
}

/** A successful authentication (eSignet `KycAuthResult`). */
export interface KycAuthResult {
  /** Opaque bearer handle for {@link IdentitySystem.kycExchange}; secret. */
  kycToken: string;
  /**
   * A stable internal identifier of the person — never the raw individual id. The
   * core derives the pairwise `sub` from it, so it must not change when the person
   * logs in with a different identifier (UIN or VID).
   */
  subjectId: string;
}

/** Input of {@link IdentitySystem.kycExchange} (eSignet `KycExchangeDto`). */
export interface KycExchangeInput {
  kycToken: string;
  /** OIDC claim names the user consented to (e.g. `name`, `email`, `address`). */
  claims: readonly string[];
  /** Requested `claims_locales`, most preferred first; empty means the default language. */
  claimsLocales: readonly string[];
  /** The client the token was issued for. */
  clientId: string;
  /** The client's sector (eSignet `relyingPartyId`); defaults to `clientId`. */
  relyingPartyId?: string;
}

/** OIDC address claim (OpenID Connect Core 1.0 §5.1.1); keys may carry `#lang`. */
export type AddressClaim = Record<string, string>;

/**
 * Claims returned by {@link IdentitySystem.kycExchange}: only requested claims the person
 * has. Localised values may appear as `claim#lang` keys (OIDC Core §5.2).
 */
export type KycClaims = Record<string, string | number | boolean | AddressClaim>;

/** A public JWK the identity system signs KYC with (eSignet `KycSigningCertificateData`). */
export type PublicJwk = Record<string, unknown> & { kty: string; kid?: string };

/** Challenge types of {@link AuthChallenge}. */
export type ChallengeType = AuthChallenge['type'];

/** What an identity system says it supports (`signet.v1.GetCapabilitiesResponse`). */
export interface IdentitySystemCapabilities {
  /** A name for logs. */
  name: string;
  challengeTypes: readonly ChallengeType[];
  otpChannels: readonly OtpChannel[];
  /** OIDC claim names it can return. */
  claims: readonly string[];
  claimsLocales: readonly string[];
}

/** The identity system, as the core sees it. */
export interface IdentitySystem {
  /** Sends an OTP for a later {@link kycAuth} in the same transaction. */
  sendOtp(input: SendOtpInput): Promise<SendOtpResult>;
  /** Verifies the challenges and returns a KYC token for just-in-time claim reads. */
  kycAuth(input: KycAuthInput): Promise<KycAuthResult>;
  /**
   * Reads claims with a KYC token. The token stays usable until it expires or is
   * revoked, because userinfo and credential issuance read again later in the flow.
   */
  kycExchange(input: KycExchangeInput): Promise<KycClaims>;
  /** Makes a KYC token unusable at once (logout, token revocation, code reuse). Idempotent. */
  revokeKycToken(kycToken: string): Promise<void>;
  /** Keys the identity system signs KYC with, to publish in the JWKS; optional. */
  getKycSigningJwks?(): Promise<PublicJwk[]>;
  /**
   * What the identity system supports; also its health probe (readiness): rejects with
   * `IdentitySystemUnavailableError` when it cannot serve logins. Optional for
   * in-process implementations.
   */
  capabilities?(): Promise<IdentitySystemCapabilities>;
}

/** The minimal logger adapters need; the core passes its structured logger. */
export interface IdentityLogger {
  warn(msg: string, fields?: object): void;
  info(msg: string, fields?: object): void;
}
