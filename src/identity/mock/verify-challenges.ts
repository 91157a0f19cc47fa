/**
 * Challenge verification of the mock identity system (eSignet mock
 * `doKycAuthentication`, reference esignet.md §6.5), stricter where the eSignet mock
 * is lax: biometrics are matched, and every comparison is constant-time. Every factor is
 * checked before the OTP is consumed, and the consumption is one conditional delete in
 * storage, so of concurrent correct submissions exactly one succeeds.
 */
import { IdentityError, IdentityErrorCode } from '../identity-error.js';
import type { AuthChallenge, BiometricRecord } from '../../core/ports/identity.js';
import type { BiometricMatcher } from './biometric-matcher.js';
import type { MockIdentity } from './mock-identity.js';
import type { OtpStore } from './otp-store.js';
import { secretsEqual } from './secrets.js';
import { knowledgeMatches } from './knowledge.js';

/** The fixed development OTP, as in eSignet's mock identity system. */
export const MOCK_OTP = '111111';

/** A template enrolled for one person, modality and subtype. */
export interface EnrolledTemplate {
  bioType: string;
  bioSubType: string;
  template: unknown;
}

/** What verification needs besides the challenges. */
export interface VerifyContext {
  transactionId: string;
  individualId: string;
  person: MockIdentity;
  templates: readonly EnrolledTemplate[];
  otps: OtpStore;
  matcher: BiometricMatcher;
}

const failed = (message: string) => new IdentityError(IdentityErrorCode.AuthFailed, message);

async function verifyOtp(value: string, ctx: VerifyContext): Promise<void> {
  switch (await ctx.otps.lookup(ctx.transactionId, ctx.individualId)) {
    case 'not_sent':
      throw new IdentityError(IdentityErrorCode.InvalidTransaction, 'No OTP was sent for this transaction.');
    case 'expired':
      throw failed('The OTP has expired. Request a new one.');
    case 'valid':
      if (!secretsEqual(value, MOCK_OTP)) throw failed('Authentication failed.');
  }
}

/** Same modality; a record of subtype `UNKNOWN` (or none) may be any enrolled subtype. */
function candidates(record: BiometricRecord, templates: readonly EnrolledTemplate[]): EnrolledTemplate[] {
  const anySubType = record.bioSubType === '' || record.bioSubType === 'UNKNOWN' || record.bioSubType == null;
  return templates.filter((t) => t.bioType === record.bioType && (anySubType || t.bioSubType === record.bioSubType));
}

function verifyBiometrics(records: readonly BiometricRecord[], ctx: VerifyContext): void {
  if (records.length === 0) {
    throw new IdentityError(IdentityErrorCode.InvalidChallenge, 'The biometric challenge has no records.');
  }
  // Every record must match one of this person's templates; evaluate all so the time
  // taken does not tell which record failed.
  if (records.some((r) => r.isoRecord === undefined)) {
    throw new IdentityError(IdentityErrorCode.InvalidChallenge, 'The mock identity system cannot decrypt biometric records; let the core decrypt (sbi.decrypt).');
  }
  let ok = true;
  for (const record of records) {
    const iso = record.isoRecord as Uint8Array;
    const hits = candidates(record, ctx.templates).filter((t) => ctx.matcher.matches(t.template, iso));
    ok = hits.length > 0 && ok;
  }
  if (!ok) throw failed('Authentication failed.');
}

/**
 * Verifies every challenge for `ctx.person`; throws {@link IdentityError} on the first
 * failure. On success consumes the OTP, if one was presented (single use).
 */
export async function verifyChallenges(challenges: readonly AuthChallenge[], ctx: VerifyContext): Promise<void> {
  if (challenges.length === 0) {
    throw new IdentityError(IdentityErrorCode.InvalidChallenge, 'At least one authentication factor is required.');
  }
  let usedOtp = false;
  for (const challenge of challenges) {
    switch (challenge.type) {
      case 'OTP':
        await verifyOtp(challenge.value, ctx);
        usedOtp = true;
        break;
      case 'PIN':
        if (!secretsEqual(challenge.value, ctx.person.pin)) throw failed('Authentication failed.');
        break;
      case 'BIO':
        verifyBiometrics(challenge.records, ctx);
        break;
      case 'KBI':
        if (!knowledgeMatches(challenge.fields, ctx.person)) throw failed('Authentication failed.');
        break;
      default:
        throw new IdentityError(IdentityErrorCode.InvalidChallenge, 'Unsupported authentication factor.');
    }
  }
  // Another request consumed it meanwhile: as after a sequential second use, no OTP is outstanding.
  if (usedOtp && !(await ctx.otps.consume(ctx.transactionId, ctx.individualId))) {
    throw new IdentityError(IdentityErrorCode.InvalidTransaction, 'No OTP was sent for this transaction.');
  }
}
