/**
 * The mock identity system: an honest fake of the identity-system port — it keeps the
 * port's contract (its errors, KYC tokens readable until expiry or revocation), so what
 * the core's tests prove against it holds for a real identity system — with seeded
 * people, the fixed OTP `111111`, static PINs, knowledge-based identification (name and
 * date of birth) and synthetic biometric templates. Its sent OTPs and KYC tokens live in
 * Signet's storage, so any number of instances and restarts share them. Signet reaches it
 * through `signet.v1.IdentitySystemService` like any real identity system — in process
 * (in-process transport) for `signet start`, or as its own process (`signet mock-identity`).
 * Development only — it refuses to construct in production and announces itself with a
 * warning when it does.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../core/ports/clock.js';
import { IdentityError, IdentityErrorCode } from '../identity-error.js';
import { maskEmail, maskMobile } from '../masking.js';
import {
  OTP_CHANNELS,
  type IdentityLogger, type IdentitySystem, type IdentitySystemCapabilities, type KycAuthInput, type KycAuthResult,
  type KycClaims, type KycExchangeInput, type SendOtpInput, type SendOtpResult,
} from '../../core/ports/identity.js';
import type { MockIdentityRepository } from '../../storage/mock-identity.js';
import { ENROLLED_MODALITIES, type BiometricMatcher } from './biometric-matcher.js';
import { sbiBiometricMatcher } from './sbi-biometric-matcher.js';
import { buildKycClaims, SUPPORTED_CLAIMS } from './kyc-claims.js';
import { KycTokenStore } from './kyc-token-store.js';
import { parseMockIdentities, type MockIdentity } from './mock-identity.js';
import { OtpStore } from './otp-store.js';
import { MOCK_OTP, verifyChallenges, type EnrolledTemplate } from './verify-challenges.js';

/** The identities file shipped with Signet (`src/identity/mock/identities.json`). */
export const DEFAULT_IDENTITIES_FILE = fileURLToPath(new URL('./identities.json', import.meta.url));

/** Options of {@link MockIdentitySystem}. Durations are in seconds. */
export interface MockIdentitySystemOptions {
  /** True in production: construction is then refused. */
  production: boolean;
  logger: IdentityLogger;
  /** Where sent OTPs and KYC tokens are kept (Signet's storage: `storage.mockIdentity`). */
  state: MockIdentityRepository;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Seed file (config `identity.mockIdentitiesFile`); empty or absent means {@link DEFAULT_IDENTITIES_FILE}. */
  identitiesFile?: string;
  /** People to seed directly, instead of reading a file (tests). */
  identities?: readonly MockIdentity[];
  /** OTP validity after `sendOtp`; default 180 s (eSignet `mosip.kernel.otp.expiry-time`). */
  otpTtlSeconds?: number;
  /** KYC token lifetime; default 3600 s. Should cover the access token's lifetime. */
  kycTokenTtlSeconds?: number;
  /** Biometric enrolment and matching; defaults to the SBI module's synthetic templates. */
  matcher?: BiometricMatcher;
  /** Language used when no `claims_locales` are asked; default `eng`. */
  defaultLanguage?: string;
}

/** The mock identity system. */
export class MockIdentitySystem implements IdentitySystem {
  readonly #byIndividualId = new Map<string, MockIdentity>();
  readonly #bySubjectId = new Map<string, MockIdentity>();
  readonly #templates = new Map<string, EnrolledTemplate[]>();
  readonly #otps: OtpStore;
  readonly #tokens: KycTokenStore;
  readonly #matcher: BiometricMatcher;
  readonly #logger: IdentityLogger;
  readonly #defaultLanguage: string;
  readonly #languages: string[];

  /** Throws when `options.production` is true or the identities file is invalid. */
  constructor(options: MockIdentitySystemOptions) {
    if (options.production) {
      throw new Error(
        'The mock identity system is for development only: it accepts a fixed OTP and seeded PINs. '
        + 'It refuses to run in production; configure a real identity system.',
      );
    }
    const clock = options.clock ?? systemClock;
    const file = options.identitiesFile || DEFAULT_IDENTITIES_FILE;
    const people = options.identities !== undefined
      ? parseMockIdentities({ identities: options.identities })
      : parseMockIdentities(JSON.parse(readFileSync(file, 'utf8')));
    this.#otps = new OtpStore(options.state, clock, (options.otpTtlSeconds ?? 180) * 1000);
    this.#tokens = new KycTokenStore(options.state, clock, (options.kycTokenTtlSeconds ?? 3600) * 1000);
    this.#matcher = options.matcher ?? sbiBiometricMatcher;
    this.#logger = options.logger;
    this.#defaultLanguage = options.defaultLanguage ?? 'eng';
    this.#languages = [...new Set(people.flatMap((p) => (typeof p.name === 'string' ? [] : Object.keys(p.name))))];
    for (const person of people) {
      this.#byIndividualId.set(person.individualId, person);
      this.#bySubjectId.set(person.subjectId, person);
      this.#templates.set(person.subjectId, ENROLLED_MODALITIES.map(([bioType, bioSubType]) => ({
        bioType, bioSubType, template: this.#matcher.enrol(person.biometricSeed, bioType, bioSubType),
      })));
    }
    this.#logger.warn(
      `MOCK IDENTITY SYSTEM IN USE — fixed OTP ${MOCK_OTP} is accepted for every person; seeded PINs, names and dates of birth are public. `
      + 'Development only; never expose this instance to real users.',
      { identities: people.length, source: options.identities !== undefined ? 'inline' : file },
    );
  }

  #person(individualId: string): MockIdentity {
    const person = this.#byIndividualId.get(individualId);
    if (person === undefined) {
      throw new IdentityError(IdentityErrorCode.InvalidIndividualId, 'The individual id is not valid.');
    }
    return person;
  }

  /** Records an OTP send and returns the masked destinations (nothing is really sent). */
  async sendOtp(input: SendOtpInput): Promise<SendOtpResult> {
    if (!input.channels.every((c) => (OTP_CHANNELS as readonly string[]).includes(c))) {
      throw new IdentityError(IdentityErrorCode.InvalidOtpChannel, 'Unsupported OTP channel.');
    }
    const person = this.#person(input.individualId);
    const channels = input.channels.length > 0 ? input.channels : OTP_CHANNELS;
    const result: SendOtpResult = {};
    if (channels.includes('email') && person.email) result.maskedEmail = maskEmail(person.email);
    if (channels.includes('phone') && person.phone) result.maskedMobile = maskMobile(person.phone);
    if (result.maskedEmail === undefined && result.maskedMobile === undefined) {
      throw new IdentityError(IdentityErrorCode.SendOtpFailed, 'No contact is registered for the requested OTP channels.');
    }
    await this.#otps.sent(input.transactionId, input.individualId);
    this.#logger.info('mock identity system: OTP "sent"', {
      transactionId: input.transactionId, channels: Object.keys(result),
    });
    return result;
  }

  /** Verifies the challenges and issues a KYC token for the person. */
  async kycAuth(input: KycAuthInput): Promise<KycAuthResult> {
    const person = this.#person(input.individualId);
    await verifyChallenges(input.challenges, {
      transactionId: input.transactionId,
      individualId: input.individualId,
      person,
      templates: this.#templates.get(person.subjectId) ?? [],
      otps: this.#otps,
      matcher: this.#matcher,
    });
    return { kycToken: await this.#tokens.issue(person.subjectId, input.clientId), subjectId: person.subjectId };
  }

  /** Reads the requested claims; the token stays valid for further reads until expiry. */
  async kycExchange(input: KycExchangeInput): Promise<KycClaims> {
    const grant = await this.#tokens.find(input.kycToken);
    const person = grant === undefined ? undefined : this.#bySubjectId.get(grant.subjectId);
    if (grant === undefined || person === undefined || grant.clientId !== input.clientId) {
      throw new IdentityError(IdentityErrorCode.KycExchangeFailed, 'The KYC token is not valid.');
    }
    return buildKycClaims(person, input.claims, input.claimsLocales, this.#defaultLanguage);
  }

  /** Revokes a KYC token; unknown tokens are ignored. */
  async revokeKycToken(kycToken: string): Promise<void> {
    await this.#tokens.revoke(kycToken);
  }

  /** What the mock supports; it is always up. */
  async capabilities(): Promise<IdentitySystemCapabilities> {
    return {
      name: 'Signet mock identity system (development)',
      challengeTypes: ['OTP', 'PIN', 'BIO', 'KBI'],
      otpChannels: OTP_CHANNELS,
      claims: SUPPORTED_CLAIMS,
      claimsLocales: this.#languages,
    };
  }
}
