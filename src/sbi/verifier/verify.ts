/**
 * The SBI capture verifier: reference sbi.md §13 in IDA's order. Filter stage (data JWS + DEVICE
 * trust, payload fields, digitalId JWS + FTM trust, decryption, hash chain, bioType vs digital id),
 * then validators (domainUri, env, transactionId, timestamps, modalities, device details), then the
 * ISO record. First failure wins. Never logs; failures carry no biometric data.
 */
import type { BioType } from '../constants.js';
import type { CaptureBiometric } from '../capture-types.js';
import type { DigitalId } from '../types.js';
import { checkBinding } from './binding.js';
import { failure } from './codes.js';
import { checkHashChain, decryptAll, indexKeys } from './decrypt.js';
import { decodeBiometrics } from './decode-input.js';
import { checkIsoRecords } from './iso-check.js';
import { checkBioTypes, checkDeviceDetails, checkModalities } from './modalities.js';
import { checkTimestamps } from './timestamps.js';
import type { ExpectedBinding, SbiVerifyInput, SbiVerifyResult, VerifiedRecord, VerifierConfig } from './types.js';

interface Element {
  raw: CaptureBiometric;
  data: Record<string, unknown>;
  digitalId: Record<string, unknown>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The certificate checks, with @peculiar/x509 and its ASN.1 stack (~600 KB of code), load with the
 * first capture instead of at start: most processes never verify one. Loaded once; later captures
 * reuse the same promise.
 */
let loadedChecks: Promise<{ verifyX5cJws: typeof import('./jws-x5c.js').verifyX5cJws; parseRoots: typeof import('./trust.js').parseRoots }> | undefined;
const certificateChecks = () =>
  (loadedChecks ??= Promise.all([import('./jws-x5c.js'), import('./trust.js')]).then(([{ verifyX5cJws }, { parseRoots }]) => ({ verifyX5cJws, parseRoots })));

/**
 * Verifies a capture response or an eSignet BIO `encoded-json` challenge against the expected
 * binding and the trust/key configuration.
 */
export async function verifySbiCapture(input: SbiVerifyInput, expected: ExpectedBinding, config: VerifierConfig): Promise<SbiVerifyResult> {
  // Cheap checks first (shape, counts, sizes, duplicates): nothing below runs for a capture that
  // holds more records than were asked for.
  const decoded = decodeBiometrics(input);
  if (!decoded.ok) return decoded;
  if (decoded.elements.length > expected.modalities.reduce((n, m) => n + m.count, 0)) return failure('count_mismatch');
  const { now } = expected;
  const { verifyX5cJws, parseRoots } = await certificateChecks();
  const deviceRoots = parseRoots(config.deviceRoots);
  const ftmRoots = parseRoots(config.ftmRoots);

  // Filter stage, checks 4–8 (§6.2 steps 1–3).
  const elements: Element[] = [];
  for (const [i, raw] of decoded.elements.entries()) {
    const data = await verifyX5cJws(raw.data, deviceRoots, now);
    if (!data.ok) return failure(`data_${data.failed}`, i);
    const p = data.payload;
    if (!str(p['bioValue']) || !str(p['timestamp']) || !str(p['transactionId']) || !raw.sessionKey) return failure('data_payload_invalid', i);
    elements.push({ raw, data: p, digitalId: {} });
  }
  for (const [i, e] of elements.entries()) {
    const id = await verifyX5cJws(e.data['digitalId'], ftmRoots, now);
    if (!id.ok) return failure(`digital_id_${id.failed}`, i);
    e.digitalId = id.payload;
  }

  // Checks 10–12 (§6.2 steps 4–5).
  const decrypt = config.decrypt ?? true;
  let isoRecords: Uint8Array[] | undefined;
  if (decrypt) {
    const result = decryptAll(elements.map((e) => ({
      thumbprint: e.raw.thumbprint, sessionKey: e.raw.sessionKey, bioValue: str(e.data['bioValue']),
      timestamp: str(e.data['timestamp']), transactionId: str(e.data['transactionId']),
    })), indexKeys(config.decryption));
    if (!result.ok) return result;
    isoRecords = result.isoRecords;
    if (config.verifyHashChain ?? true) {
      const bad = checkHashChain(elements.map((e) => e.raw.hash), isoRecords);
      if (bad) return bad;
    }
  }

  // Policy (§6.2 step 6), then the validators (steps 8–13).
  const fail = checkBioTypes(elements.map((e) => ({ bioType: e.data['bioType'], digitalIdType: e.digitalId['type'] })))
    ?? checkBinding(elements.map((e) => e.data as never), expected, config.allowedDomainUris)
    ?? checkTimestamps(elements.map((e) => ({ timestamp: e.data['timestamp'], dateTime: e.digitalId['dateTime'] })), now, {
      maxAgeSeconds: config.maxAgeSeconds ?? 60, maxFutureSeconds: config.maxFutureSeconds ?? 30,
      maxSegmentSeconds: config.maxSegmentSeconds ?? 120,
    })
    ?? checkModalities(elements.map((e) => ({ bioType: e.data['bioType'] as BioType, bioSubType: e.data['bioSubType'] })), expected.modalities)
    ?? checkDeviceDetails(elements)
    ?? (isoRecords && checkIsoRecords(elements.map((e, i) => ({ bioType: e.data['bioType'] as BioType, bioSubType: e.data['bioSubType'], iso: isoRecords[i]! }))));
  if (fail) return fail;

  return { ok: true, records: elements.map((e, i) => toRecord(e, isoRecords?.[i])) };
}

function toRecord(e: Element, iso: Uint8Array | undefined): VerifiedRecord {
  const bioType = e.data['bioType'] as BioType;
  const record: VerifiedRecord = {
    bioType,
    bioSubType: bioType === 'Face' ? undefined : str(e.data['bioSubType']),
    isoRecord: iso,
    qualityScore: Number(e.data['qualityScore']) || 0,
    deviceCode: str(e.data['deviceCode']),
    digitalId: e.digitalId as unknown as DigitalId,
  };
  if (!iso) {
    record.encrypted = {
      bioValue: str(e.data['bioValue']), sessionKey: e.raw.sessionKey, thumbprint: e.raw.thumbprint,
      timestamp: str(e.data['timestamp']), transactionId: str(e.data['transactionId']),
    };
  }
  return record;
}
