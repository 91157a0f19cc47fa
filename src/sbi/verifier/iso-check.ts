/**
 * §13 check 23: the decrypted bioValue is a well-formed ISO 19794 record of the element's modality
 * (format id, version, record length = size), and its finger position / eye label agrees with the
 * claimed subtype unless that is UNKNOWN.
 */
import type { BioType } from '../constants.js';
import { parseIsoRecord } from '../iso/record.js';
import { failure, type SbiVerifyFailure } from './codes.js';

/** Checks every decrypted record. */
export function checkIsoRecords(
  items: ReadonlyArray<{ bioType: BioType; bioSubType: unknown; iso: Uint8Array }>,
): SbiVerifyFailure | undefined {
  for (const [i, { bioType, bioSubType, iso }] of items.entries()) {
    try {
      const parsed = parseIsoRecord(iso, bioType);
      if (bioType !== 'Face' && bioSubType !== 'UNKNOWN' && parsed.bioSubType !== bioSubType) return failure('invalid_biometric', i);
    } catch {
      return failure('invalid_biometric', i);
    }
  }
  return undefined;
}
