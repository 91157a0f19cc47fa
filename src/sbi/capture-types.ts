/**
 * Wire types for SBI 0.9.5 CAPTURE (reference sbi.md §4). Type-only and browser-safe.
 */
import type { BioType, SbiEnv } from './constants.js';
import type { SbiErrorObject } from './types.js';

/** One `bio[]` entry of a capture request (§4.1). eSignet sends the numbers as strings. */
export interface CaptureBioRequest {
  type: BioType;
  count: number | string;
  /** Finger/Iris subtypes; `null` for Face. */
  bioSubType: string[] | null;
  requestedScore: number | string;
  deviceId: string;
  deviceSubId: number | string;
  /** "" for the first capture (means SHA-256("")), else the last `hash` of the previous capture (§5). */
  previousHash: string;
}

/** CAPTURE request body (§4.1). */
export interface CaptureRequest {
  env: SbiEnv;
  purpose: 'Auth';
  specVersion: string;
  /** Milliseconds (§1.4). */
  timeout: number | string;
  /** ISO time set by the app. */
  captureTime: string;
  domainUri: string;
  /** 4–50 of `[A-Za-z0-9-]` (§4.1); eSignet sends exactly 10 alphanumerics (§9.2). */
  transactionId: string;
  bio: CaptureBioRequest[];
  customOpts: Record<string, string> | null;
}

/** One element of the capture response `biometrics` array (§4.2). */
export interface CaptureBiometric {
  specVersion: string;
  /** JWS signed with the device key; payload is {@link CaptureData}. "" on error. */
  data: string;
  /** Uppercase hex hash chain value (§5). */
  hash: string;
  /** base64url RSA-OAEP-256 encrypted AES key (§4.3). */
  sessionKey: string;
  /** Uppercase hex SHA-256 of the encryption certificate DER (§4.3). */
  thumbprint: string;
  /** Present from the device; eSignet may strip it before encoding (§4.2). */
  error?: SbiErrorObject;
}

/** CAPTURE response body (§4.2). */
export interface CaptureResponse {
  biometrics: CaptureBiometric[];
}

/** Decoded `data` JWS payload (§4.2). */
export interface CaptureData {
  /** Digital id JWS signed with the FTM key. */
  digitalId: string;
  deviceCode: string;
  deviceServiceVersion: string;
  bioType: BioType;
  /** Absent or empty for Face. */
  bioSubType?: string;
  purpose: string;
  env: string;
  domainUri: string;
  /** base64url(AES-256-GCM ciphertext ‖ tag) of the ISO record (§4.3). */
  bioValue: string;
  transactionId: string;
  /** `yyyy-MM-ddTHH:mm:ssZ`; the exact string feeds the IV/AAD derivation (§4.3). */
  timestamp: string;
  requestedScore: string | number;
  qualityScore: string | number;
}
