/**
 * Biometric matching for the mock identity system. The mock enrols one synthetic
 * template per (bioType, bioSubType) for each seeded person and matches decrypted
 * ISO records from an SBI capture against them.
 *
 * TODO(src/sbi): replace {@link placeholderBiometricMatcher} with the SBI module's
 * `enrolTemplate(seed, bioType, bioSubType)` and its digest over a decrypted ISO
 * record, so captures from the mock SBI device match the seeded people. Until then
 * the placeholder below derives both the template and a matching record from the
 * seed, which is enough to exercise the identity-system code paths.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Enrols and matches synthetic biometric templates. */
export interface BiometricMatcher<Template = unknown> {
  /** The template a person with `seed` would have for this modality and subtype. */
  enrol(seed: string, bioType: string, bioSubType: string): Template;
  /** True when the plaintext ISO record matches the template. Must not log the record. */
  matches(template: Template, isoRecord: Uint8Array): boolean;
}

/** The (bioType, bioSubType) pairs enrolled per person (SBI enumerations, sbi.md §8). */
export const ENROLLED_MODALITIES: ReadonlyArray<readonly [string, string]> = [
  ...['Left', 'Right'].flatMap((side) =>
    ['IndexFinger', 'MiddleFinger', 'RingFinger', 'LittleFinger', 'Thumb'].map(
      (finger) => ['Finger', `${side} ${finger}`] as const,
    )),
  ['Iris', 'Left'],
  ['Iris', 'Right'],
  ['Face', ''],
];

/** ISO/IEC 19794 format identifier and version, the first 8 bytes (sbi.md §8). */
const ISO_HEADERS: Readonly<Record<string, string>> = {
  Finger: 'FIR\x00020\x00',
  Iris: 'IIR\x00020\x00',
  Face: 'FAC\x00030\x00',
};

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

/**
 * A deterministic stand-in for an ISO record of person `seed`: the modality's ISO
 * header, the big-endian total length, then 32 bytes derived from the seed. Not a
 * real ISO record; for the placeholder matcher and tests only.
 */
export function placeholderIsoRecord(seed: string, bioType: string, bioSubType: string): Uint8Array {
  const header = Buffer.from(ISO_HEADERS[bioType] ?? 'UNK\x00000\x00', 'latin1');
  const body = sha256(`signet-placeholder-biometric\0${seed}\0${bioType}\0${bioSubType}`);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length + 4 + body.length);
  return new Uint8Array(Buffer.concat([header, length, body]));
}

/** Placeholder strategy: the template is the SHA-256 of the expected record. */
export const placeholderBiometricMatcher: BiometricMatcher<Uint8Array> = {
  enrol: (seed, bioType, bioSubType) => sha256(placeholderIsoRecord(seed, bioType, bioSubType)),
  matches: (template, isoRecord) => template.length === 32 && timingSafeEqual(template, sha256(isoRecord)),
};
