/**
 * Builds a successful CAPTURE response (reference sbi.md §11 item 3): synthetic ISO record →
 * timestamp → §4.3 encryption → data JSON → device-key JWS → §5 hash chain, with one optional fault.
 */
import { randomBytes } from 'node:crypto';
import type { BioType } from '../constants.js';
import type { CaptureBiometric, CaptureData } from '../capture-types.js';
import type { DigitalId } from '../types.js';
import { encryptBioValue, type EncryptedBio } from '../crypto/bio-crypto.js';
import { hashChain } from '../crypto/hash-chain.js';
import { buildSyntheticIsoRecord } from '../iso/record.js';
import { digitalIdPayload, type SimDevice } from './device.js';
import type { SbiFault } from './faults.js';
import { replacePayload, signJson } from './jws-sign.js';
import { plannedSubTypes, type ValidCapture } from './capture-validate.js';
import { sbiTimestamp } from './time-format.js';

/** Inputs for {@link buildCaptureResponse}. */
export interface CaptureContext {
  device: SimDevice;
  capture: ValidCapture;
  /** Subject seed: whose synthetic biometrics are presented. */
  subject: string;
  fault: SbiFault | undefined;
  now: number;
  encryptionCertificatePem: string;
}

const OTHER_TYPE: Record<BioType, BioType> = { Finger: 'Iris', Iris: 'Face', Face: 'Finger' };
const FOREIGN_SUBTYPE: Record<BioType, string> = { Finger: 'Left', Iris: 'Left Thumb', Face: 'Left' };

interface Item { bioType: BioType; subType: string | undefined; score: number; previousHash: string }

function plan(ctx: CaptureContext): Item[] {
  const items = ctx.capture.bio.flatMap((b) => plannedSubTypes(b).map((subType) => ({
    bioType: b.type, subType, score: b.requestedScore, previousHash: b.previousHash,
  })));
  const f = ctx.fault;
  if (f === 'wrongCount') items.push({ ...items[items.length - 1]!, subType: plannedSubTypes({ ...ctx.capture.bio[0]!, count: items.length + 1 }).at(-1) });
  if (f === 'duplicateSubtype' && items.length > 1) items[1]!.subType = items[0]!.subType;
  if (f === 'invalidSubtype') items[0]!.subType = FOREIGN_SUBTYPE[items[0]!.bioType];
  if (f === 'wrongSubtype') {
    const b = ctx.capture.bio[0]!;
    items[0]!.subType = plannedSubTypes({ ...b, subTypes: [], count: 10 }).find((s) => !b.subTypes.includes(s!));
  }
  return items;
}

/** Clock offsets for the timestamp faults: stale by 5 minutes, or later elements 10 s earlier. */
function shift(f: SbiFault | undefined, stale: SbiFault, outOfOrder: SbiFault, i: number): number {
  return (f === stale ? -300_000 : 0) + (f === outOfOrder && i > 0 ? -10_000 * i : 0);
}

/** Breaks the encrypted fields for the encryption faults. */
function breakEncryption(enc: EncryptedBio, f: SbiFault | undefined): void {
  if (f === 'wrongThumbprint') enc.thumbprint = randomBytes(32).toString('hex').toUpperCase();
  if (f === 'wrongSessionKey') enc.sessionKey = randomBytes(256).toString('base64url');
  if (f === 'corruptedBioValue') {
    const ct = Buffer.from(enc.bioValue, 'base64url');
    ct[ct.length >> 1] ^= 0x01;
    enc.bioValue = ct.toString('base64url');
  }
}

/** The digital id JWS (FTM key), with the FTM certificate and content faults. */
async function signedDigitalId(device: SimDevice, at: number, f: SbiFault | undefined): Promise<string> {
  const { pki } = device;
  const json: Partial<DigitalId> = digitalIdPayload(device, at);
  if (f === 'missingDeviceDetails') delete json.make;
  const jws = await signJson(json, f === 'expiredFtmCertificate' ? pki.expiredFtm : f === 'untrustedFtmCertificate' ? pki.untrustedFtm : pki.ftm);
  return f === 'tamperedDigitalId' ? replacePayload(jws, { ...json, model: 'FORGED-01' }) : jws;
}

/** Builds the `biometrics` array for a validated request. */
export async function buildCaptureResponse(ctx: CaptureContext): Promise<CaptureBiometric[]> {
  const { capture, device, fault: f, now } = ctx;
  const { pki } = device;
  const items = plan(ctx);
  const isoRecords: Uint8Array[] = [];
  const out: CaptureBiometric[] = [];
  for (const [i, item] of items.entries()) {
    const timestamp = sbiTimestamp(now + shift(f, 'staleTimestamp', 'outOfOrderTimestamps', i));
    // The ISO position follows the claimed subtype, except a foreign one the format cannot encode.
    const isoSubType = f === 'invalidSubtype' && i === 0 ? 'UNKNOWN' : item.subType;
    const iso = buildSyntheticIsoRecord({ seed: ctx.subject, bioType: item.bioType, bioSubType: isoSubType, capturedAt: now, quality: 80 });
    if (f === 'badIsoHeader') iso[0] = 0x58;
    isoRecords.push(iso);
    const transactionId = f === 'foreignTransactionId' ? 'Zz9Yy8Xx7W' : capture.transactionId;
    const enc = encryptBioValue(iso, timestamp, transactionId, ctx.encryptionCertificatePem);
    breakEncryption(enc, f);
    const data: Partial<CaptureData> = {
      digitalId: await signedDigitalId(device, now + shift(f, 'staleDigitalIdDateTime', 'outOfOrderDigitalIdDateTime', i), f),
      deviceCode: pki.deviceCode, deviceServiceVersion: '0.9.5',
      bioType: f === 'bioTypeMismatch' ? OTHER_TYPE[item.bioType] : item.bioType,
      ...(item.subType === undefined ? {} : { bioSubType: item.subType }),
      purpose: f === 'wrongPurpose' ? 'Registration' : 'Auth', env: f === 'wrongEnv' ? (capture.env === 'Production' ? 'Staging' : 'Production') : capture.env,
      domainUri: f === 'wrongDomainUri' ? 'https://evil.example' : capture.domainUri,
      bioValue: enc.bioValue, transactionId, timestamp,
      requestedScore: `${item.score}.0`, qualityScore: '80.0',
    };
    if (f === 'missingBioValue') delete data.bioValue;
    let jws = await signJson(data, f === 'expiredDeviceCertificate' ? pki.expiredDevice : f === 'untrustedDeviceCertificate' ? pki.untrustedDevice : pki.device);
    if (f === 'tamperedData') jws = replacePayload(jws, { ...data, qualityScore: '99.0' });
    const error = f === 'deviceErrorElement' && i === items.length - 1
      ? { errorCode: '101', errorInfo: 'Unable to detect a biometric object' }
      : { errorCode: '0', errorInfo: 'Success' };
    out.push({ specVersion: capture.specVersion, data: jws, hash: '', sessionKey: enc.sessionKey, thumbprint: enc.thumbprint, error });
  }
  const hashes = hashChain(isoRecords, items[0]?.previousHash ?? '');
  out.forEach((b, i) => { b.hash = hashes[i]!; });
  if (f === 'wrongHash') {
    const last = out[out.length - 1]!;
    last.hash = (last.hash[0] === 'A' ? 'B' : 'A') + last.hash.slice(1);
  }
  return out;
}
