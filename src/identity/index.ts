/** The identity-system port, its errors and the embedded mock. */
export type * from '../core/ports/identity.js';
export { OTP_CHANNELS } from '../core/ports/identity.js';
export {
  IdentityError, IdentityErrorCode, IdentitySystemUnavailableError, isIdentityError, isIdentitySystemUnavailable,
  type UnavailableReason,
} from './identity-error.js';
export { maskEmail, maskMobile } from './masking.js';
export {
  DEFAULT_IDENTITIES_FILE, MockIdentitySystem, type MockIdentitySystemOptions,
} from './mock/mock-identity-system.js';
export { MOCK_OTP } from './mock/verify-challenges.js';
export {
  placeholderBiometricMatcher, placeholderIsoRecord, type BiometricMatcher,
} from './mock/biometric-matcher.js';
export type { MockIdentity } from './mock/mock-identity.js';
