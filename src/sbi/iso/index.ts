/**
 * Synthetic ISO/IEC 19794 records for tests and the mock identity system. Node only.
 */
export { IsoRecordError } from './bytes.js';
export { ISO_FORMATS } from './common.js';
export type { IsoSampleInput, ParsedIsoRecord } from './types.js';
export { buildFingerRecord, parseFingerRecord } from './finger.js';
export { buildIrisRecord, parseIrisRecord } from './iris.js';
export { buildFaceRecord, parseFaceRecord } from './face.js';
export { buildSyntheticIsoRecord, parseAnyIsoRecord, parseIsoRecord, type SyntheticRecordInput } from './record.js';
export { syntheticImageData, SYNTHETIC_IMAGE_BYTES } from './sample-data.js';
export { biometricSampleDigest, enrolSubject, enrolTemplate, matchesTemplate, type BiometricTemplate } from './digest.js';
