/**
 * Enrolment and matching for synthetic biometrics — the contract a mock identity system builds on.
 *
 * A *sample* is identified by (modality, position, image data). Capture time and quality live in the
 * representation header and change between captures, so they are left out: two captures of the same
 * finger of the same seeded person give equal digests, a capture of another finger or another seed
 * gives a different one.
 *
 * Typical mock identity system flow:
 * 1. At enrolment, store `enrolTemplate(seed, type, subType)` (or `enrolSubject(seed)` for all
 *    ten fingers, both irises and the face) against the person.
 * 2. At authentication, after the verifier returned decrypted records, compute
 *    `biometricSampleDigest(record.isoRecord)` and look for an equal digest among that person's
 *    templates (`matchesTemplate` compares in constant time). Equal → match; none → no match.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { FINGER_SUBTYPES, type BioType } from '../constants.js';
import { parseAnyIsoRecord, samplePosition } from './record.js';
import { syntheticImageData } from './sample-data.js';

/** An enrolled synthetic template: the sample digest plus what it was taken from. */
export interface BiometricTemplate {
  bioType: BioType;
  /** SBI subtype; undefined for Face. */
  bioSubType: string | undefined;
  /** Lowercase hex SHA-256 sample digest, see {@link biometricSampleDigest}. */
  digest: string;
}

function sampleDigest(bioType: BioType, position: string, imageData: Uint8Array): string {
  return createHash('sha256')
    .update(`signet-sample-digest/v1\0${bioType}\0${position}\0`)
    .update(imageData)
    .digest('hex');
}

/**
 * Digest of the biometric sample in an ISO 19794-4/-5/-6 record (modality, finger position or eye
 * label, image data). Throws `IsoRecordError` when the record is malformed.
 */
export function biometricSampleDigest(isoRecord: Uint8Array): string {
  const parsed = parseAnyIsoRecord(isoRecord);
  return sampleDigest(parsed.bioType, samplePosition(parsed.bioType, parsed.bioSubType), parsed.imageData);
}

/**
 * The template a seeded person would have enrolled for one sample. Equal to
 * `biometricSampleDigest` of any record the simulator builds for the same (seed, type, subtype).
 */
export function enrolTemplate(seed: string, bioType: BioType, bioSubType?: string): BiometricTemplate {
  const position = samplePosition(bioType, bioSubType);
  return {
    bioType,
    bioSubType: bioType === 'Face' ? undefined : position,
    digest: sampleDigest(bioType, position, syntheticImageData(seed, bioType, position)),
  };
}

/** All templates of one person: ten fingers, left and right iris, face. */
export function enrolSubject(seed: string): BiometricTemplate[] {
  const fingers = FINGER_SUBTYPES.filter((s) => s !== 'UNKNOWN').map((s) => enrolTemplate(seed, 'Finger', s));
  return [...fingers, enrolTemplate(seed, 'Iris', 'Left'), enrolTemplate(seed, 'Iris', 'Right'), enrolTemplate(seed, 'Face')];
}

/** Constant-time check that a record's sample digest equals the template's. False for malformed records. */
export function matchesTemplate(isoRecord: Uint8Array, template: BiometricTemplate): boolean {
  let digest: string;
  try {
    digest = biometricSampleDigest(isoRecord);
  } catch {
    return false;
  }
  return timingSafeEqual(Buffer.from(digest, 'hex'), Buffer.from(template.digest, 'hex'));
}
