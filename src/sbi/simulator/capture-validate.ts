/**
 * CAPTURE request validation in MockMDS order with its error codes (reference sbi.md §4.1 rules
 * 1–13). Busy-ness (rule 14) and the timeout (rule 15) are the server's concern. Pure.
 */
import {
  DEVICE_STATUS, isBioType, isValidSubType, MAX_COUNT_BY_BIO_TYPE, SBI_ENVS, type BioType, type DeviceStatus,
} from '../constants.js';
import type { KnownSbiErrorCode } from '../error-codes.js';
import { DEVICE_TRANSACTION_ID } from '../transaction-id.js';

/** One validated `bio[]` entry. */
export interface ValidBio {
  type: BioType;
  count: number;
  /** Requested subtypes; [] for Face. */
  subTypes: string[];
  requestedScore: number;
  /** "" or 64 hex characters. */
  previousHash: string;
}

/** A validated capture request. */
export interface ValidCapture {
  env: string;
  specVersion: string;
  domainUri: string;
  transactionId: string;
  timeoutMs: number;
  bio: ValidBio[];
}

type Check = { ok: true; capture: ValidCapture } | { ok: false; code: KnownSbiErrorCode };

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** Validates a parsed CAPTURE body for a device of `deviceType` and `deviceId` in `status`. */
export function validateCapture(body: unknown, deviceId: string, deviceType: BioType, status: DeviceStatus): Check {
  const fail = (code: KnownSbiErrorCode): Check => ({ ok: false, code });
  if (status === DEVICE_STATUS.notRegistered) return fail('100');
  const r = (body ?? {}) as Record<string, unknown>;
  const bios = r['bio'];
  if (!['env', 'purpose', 'timeout', 'captureTime', 'transactionId'].every((k) => present(r[k]))
    || !Array.isArray(bios) || bios.length === 0) return fail('123');
  for (const b of bios as Array<Record<string, unknown>>) {
    if (!['type', 'count', 'requestedScore', 'deviceId', 'deviceSubId'].every((k) => present(b?.[k]))
      || typeof b['previousHash'] !== 'string') return fail('123');
  }
  if (!(SBI_ENVS as readonly unknown[]).includes(r['env'])) return fail('115');
  if (r['purpose'] !== 'Auth') return fail('121');
  const out: ValidBio[] = [];
  for (const b of bios as Array<Record<string, unknown>>) {
    if (!isBioType(b['type'])) return fail('114');
    if (String(b['deviceId']) !== deviceId) return fail('805');
    if (b['type'] !== deviceType) return fail('120');
    if (status === DEVICE_STATUS.notReady) return fail('110');
    if (status === DEVICE_STATUS.busy) return fail('111');
    if (!DEVICE_TRANSACTION_ID.test(String(r['transactionId']))) return fail('112');
    const subTypes = b['type'] === 'Face' ? [] : (Array.isArray(b['bioSubType']) ? b['bioSubType'] : ['UNKNOWN']) as unknown[];
    if (!subTypes.every((s) => isValidSubType(b['type'] as BioType, s))) return fail('122');
    const count = Number(b['count']);
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT_BY_BIO_TYPE[b['type']]) return fail('109');
    const previousHash = b['previousHash'] as string;
    if (previousHash !== '' && !/^[0-9A-Fa-f]{64}$/.test(previousHash)) return fail('123');
    out.push({ type: b['type'], count, subTypes: subTypes as string[], requestedScore: Number(b['requestedScore']) || 0, previousHash });
  }
  const timeoutMs = Number(r['timeout']);
  return {
    ok: true,
    capture: {
      env: String(r['env']), specVersion: String(r['specVersion'] ?? '0.9.5'), domainUri: String(r['domainUri'] ?? ''),
      transactionId: String(r['transactionId']), timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 300_000,
      bio: out,
    },
  };
}

const FINGER_ORDER = [
  'Right IndexFinger', 'Left IndexFinger', 'Right MiddleFinger', 'Left MiddleFinger', 'Right Thumb', 'Left Thumb',
  'Right RingFinger', 'Left RingFinger', 'Right LittleFinger', 'Left LittleFinger',
];
const IRIS_ORDER = ['Right', 'Left'];

/**
 * The subtypes to return for one bio entry: requested specific subtypes first, then for UNKNOWN (or
 * a short list) the next actual positions not yet used — §11 allows "UNKNOWN or the actual finger";
 * returning the actual position lets an identity system match per finger. Face: [undefined].
 */
export function plannedSubTypes(bio: ValidBio): Array<string | undefined> {
  if (bio.type === 'Face') return Array.from({ length: bio.count }, () => undefined);
  const specific = bio.subTypes.filter((s) => s !== 'UNKNOWN');
  const pool = (bio.type === 'Finger' ? FINGER_ORDER : IRIS_ORDER).filter((s) => !specific.includes(s));
  return Array.from({ length: bio.count }, (_, i) => specific[i] ?? pool.shift() ?? 'UNKNOWN');
}
