/**
 * Builds the CAPTURE request body exactly as eSignet's UI library does (reference sbi.md §4.1, §12).
 * Pure: the capture time is passed in.
 */
import { isValidSubType, MAX_COUNT_BY_BIO_TYPE, SBI_ENVS, type BioType, type SbiEnv } from '../constants.js';
import type { CaptureRequest } from '../capture-types.js';
import { DEVICE_TRANSACTION_ID } from '../transaction-id.js';
import { fail, ok, type SbiResult } from './errors.js';

/** What to capture for one modality (eSignet `sbi.capture.count.*`, `sbi.bio.subtypes.*`, §9.1). */
export interface CaptureFactor {
  type: BioType;
  /** Items to capture; Face must be 1. Default 1. */
  count?: number;
  /** Finger/Iris subtypes; default ["UNKNOWN"]. Ignored for Face (sent as null). */
  bioSubTypes?: readonly string[];
  /** 0–100; default 70 (§8). */
  requestedScore?: number;
}

/** Inputs for {@link buildCaptureRequest}. */
export interface CaptureRequestInput {
  device: { deviceId: string; specVersion: string };
  factor: CaptureFactor;
  /** 4–50 of `[A-Za-z0-9-]`; eSignet uses the 10-character derivation of §9.2. */
  transactionId: string;
  /** The eSignet UI origin; must equal what the verifier expects (§9.5). */
  domainUri: string;
  env: SbiEnv;
  /** Capture timeout in milliseconds (§1.4). Default 30000. */
  timeoutMs?: number;
  /** Capture time (ms since epoch), sent as ISO with milliseconds like `new Date().toISOString()`. */
  now: number;
  /**
   * "" for the first capture of a transaction; for a later capture, the last `hash` of the previous
   * capture response, so the concatenated `biometrics` array chains from SHA-256("") (§5).
   */
  previousHash?: string;
}

/** Validates the inputs and returns the request body; numbers are strings as eSignet sends them. */
export function buildCaptureRequest(input: CaptureRequestInput): SbiResult<CaptureRequest> {
  const { factor } = input;
  const count = factor.count ?? 1;
  const previousHash = input.previousHash ?? '';
  if (!DEVICE_TRANSACTION_ID.test(input.transactionId)) return fail('invalid_request', 'transactionId must be 4-50 of [A-Za-z0-9-]');
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT_BY_BIO_TYPE[factor.type]) {
    return fail('invalid_request', `count ${count} not allowed for ${factor.type}`);
  }
  if (!(SBI_ENVS as readonly string[]).includes(input.env)) return fail('invalid_request', 'unknown env');
  if (previousHash !== '' && !/^[0-9A-Fa-f]{64}$/.test(previousHash)) return fail('invalid_request', 'previousHash must be 64 hex characters or empty');
  let bioSubType: string[] | null = null;
  if (factor.type !== 'Face') {
    bioSubType = [...(factor.bioSubTypes ?? ['UNKNOWN'])];
    if (bioSubType.length === 0 || !bioSubType.every((s) => isValidSubType(factor.type, s))) {
      return fail('invalid_request', `invalid bioSubType for ${factor.type}`);
    }
  }
  return ok({
    env: input.env,
    purpose: 'Auth',
    specVersion: input.device.specVersion,
    timeout: String(input.timeoutMs ?? 30000),
    captureTime: new Date(input.now).toISOString(),
    domainUri: input.domainUri,
    transactionId: input.transactionId,
    bio: [{
      type: factor.type,
      count: String(count),
      bioSubType,
      requestedScore: String(factor.requestedScore ?? 70),
      deviceId: input.device.deviceId,
      deviceSubId: '0',
      previousHash: previousHash.toUpperCase(),
    }],
    customOpts: null,
  });
}
