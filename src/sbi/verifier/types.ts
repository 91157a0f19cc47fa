/**
 * Inputs and outputs of the capture verifier (reference sbi.md §13).
 */
import type { KeyObject } from 'node:crypto';
import type { BioType } from '../constants.js';
import type { CaptureResponse } from '../capture-types.js';
import type { DigitalId } from '../types.js';
import type { SbiVerifyFailure } from './codes.js';

/** What the relying side asked the device for, and when it verifies. */
export interface ExpectedBinding {
  /** The 10-character SBI transaction id sent in the capture (§9.2). */
  transactionId: string;
  /** The domainUri sent in the capture (the login page origin). Compared case-insensitively. */
  domainUri: string;
  env: string;
  /** Per modality: how many records and which subtypes (["UNKNOWN"] or absent = any valid subtype). */
  modalities: ReadonlyArray<{ type: BioType; count: number; bioSubtypes?: readonly string[] }>;
  /** Verification time in ms since the epoch (certificate validity and timestamp window). */
  now: number;
}

/** An encryption key the verifier can decrypt session keys with. */
export interface DecryptionKey {
  /** PEM certificate the device encrypted to; its SHA-256 is the thumbprint. */
  certificatePem: string;
  privateKey: KeyObject | string;
}

/** Trust and key configuration. */
export interface VerifierConfig {
  /** Trust anchors of the DEVICE domain (sign capture `data`). */
  deviceRoots: readonly string[];
  /** Trust anchors of the FTM domain (sign `digitalId`). */
  ftmRoots: readonly string[];
  decryption: readonly DecryptionKey[];
  /**
   * Decrypt `bioValue` (default true). A deployment whose identity system decrypts turns this off;
   * signatures, trust and binding are still checked, and records carry `encrypted` instead.
   */
  decrypt?: boolean;
  /** Verify the hash chain (default true; needs `decrypt`). */
  verifyHashChain?: boolean;
  /** Oldest accepted timestamp age in seconds (default 60, IDA 30+30, §6.2 step 11). */
  maxAgeSeconds?: number;
  /** Accepted clock skew into the future in seconds (default 30). */
  maxFutureSeconds?: number;
  /** Accepted gap between successive elements in seconds (default 120). */
  maxSegmentSeconds?: number;
  /** Extra domainUris allowed besides the expected one (IDA `mosip.ida.allowed.domain.uris`). */
  allowedDomainUris?: readonly string[];
}

/** One verified biometric record. */
export interface VerifiedRecord {
  bioType: BioType;
  /** Undefined for Face. */
  bioSubType: string | undefined;
  /** Plain ISO 19794 record; undefined when decryption is off. */
  isoRecord: Uint8Array | undefined;
  qualityScore: number;
  deviceCode: string;
  digitalId: DigitalId;
  /** The still-encrypted fields, present when not decrypted (for the identity system). */
  encrypted?: { bioValue: string; sessionKey: string; thumbprint: string; timestamp: string; transactionId: string };
}

/** Verification outcome. */
export type SbiVerifyResult = { ok: true; records: VerifiedRecord[] } | SbiVerifyFailure;

/** Accepted input: a capture response, its `biometrics` array, or the BIO encoded-json challenge. */
export type SbiVerifyInput = CaptureResponse | CaptureResponse['biometrics'] | string;
