/**
 * §13 checks 18–20: bioType against the digital id and the request, subtypes, duplicates and
 * counts (reference sbi.md §6.2 steps 6 and 13). Pure.
 */
import { isBioType, isValidSubType, type BioType } from '../constants.js';
import { failure, type SbiVerifyFailure } from './codes.js';
import type { ExpectedBinding } from './types.js';

/** bioType present and supported, digital id type present, and equal case-insensitively (IDA-DPM-004). */
export function checkBioTypes(items: ReadonlyArray<{ bioType: unknown; digitalIdType: unknown }>): SbiVerifyFailure | undefined {
  for (const [i, item] of items.entries()) {
    if (!isBioType(item.bioType)) return failure('bio_type_invalid', i);
    if (typeof item.digitalIdType !== 'string' || item.digitalIdType === '') return failure('device_details_missing', i);
    if (item.digitalIdType.toLowerCase() !== item.bioType.toLowerCase()) return failure('bio_type_mismatch', i);
  }
  return undefined;
}

/** Requested modality, subtypes, no duplicate finger or iris, and the requested count per modality. */
export function checkModalities(
  items: ReadonlyArray<{ bioType: BioType; bioSubType: unknown }>, modalities: ExpectedBinding['modalities'],
): SbiVerifyFailure | undefined {
  const seen = new Set<string>();
  for (const [i, { bioType, bioSubType }] of items.entries()) {
    const wanted = modalities.find((m) => m.type === bioType);
    if (!wanted) return failure('bio_type_not_requested', i);
    if (bioType === 'Face') continue; // Face has no subtype (§8)
    if (!isValidSubType(bioType, bioSubType)) return failure('bio_subtype_invalid', i);
    const sub = bioSubType as string;
    const list = wanted.bioSubtypes ?? ['UNKNOWN'];
    if (!list.includes('UNKNOWN') && !list.includes(sub)) return failure('bio_subtype_not_requested', i);
    if (sub !== 'UNKNOWN') {
      if (seen.has(`${bioType}/${sub}`)) return failure('duplicate_subtype', i);
      seen.add(`${bioType}/${sub}`);
    }
  }
  for (const m of modalities) {
    if (items.filter((x) => x.bioType === m.type).length !== m.count) return failure('count_mismatch');
  }
  return undefined;
}

const DIGITAL_ID_FIELDS = ['serialNo', 'make', 'model', 'type', 'deviceSubType', 'deviceProvider', 'deviceProviderId', 'dateTime'];

/** `validateDeviceDetails` (§6.2 step 12): every device field non-empty. */
export function checkDeviceDetails(
  items: ReadonlyArray<{ data: Record<string, unknown>; digitalId: Record<string, unknown> }>,
): SbiVerifyFailure | undefined {
  const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  for (const [i, { data, digitalId }] of items.entries()) {
    if (!filled(data['deviceCode']) || !filled(data['deviceServiceVersion'])
      || !DIGITAL_ID_FIELDS.every((f) => filled(digitalId[f]))) return failure('device_details_missing', i);
  }
  return undefined;
}
