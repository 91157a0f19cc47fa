/**
 * SBI capture verifier (Node only). See `verify.ts` and reference sbi.md §13.
 */
export { verifySbiCapture } from './verify.js';
export { SBI_VERIFY_FAILURES, type SbiVerifyFailure, type SbiVerifyFailureCode } from './codes.js';
export type {
  DecryptionKey, ExpectedBinding, SbiVerifyInput, SbiVerifyResult, VerifiedRecord, VerifierConfig,
} from './types.js';
export { parseSbiTime } from './timestamps.js';
