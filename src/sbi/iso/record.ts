/**
 * Modality dispatch for building and parsing synthetic ISO 19794 records.
 */
import type { BioType } from '../constants.js';
import { IsoRecordError } from './bytes.js';
import { buildFaceRecord, parseFaceRecord } from './face.js';
import { buildFingerRecord, parseFingerRecord } from './finger.js';
import { buildIrisRecord, parseIrisRecord } from './iris.js';
import { syntheticImageData } from './sample-data.js';
import type { ParsedIsoRecord } from './types.js';

/** Inputs for {@link buildSyntheticIsoRecord}. */
export interface SyntheticRecordInput {
  /** Whose biometrics these are: the subject seed (e.g. a test person's id). */
  seed: string;
  bioType: BioType;
  /** Finger/Iris subtype (SBI spelling); ignored for Face. */
  bioSubType?: string | undefined;
  /** Capture time written into the representation header (ms since epoch). */
  capturedAt: number;
  /** Quality score 0–100; default 80. */
  quality?: number;
}

/** Subtype that takes part in the sample identity: none for Face. */
export function samplePosition(bioType: BioType, bioSubType: string | undefined): string {
  return bioType === 'Face' ? '' : bioSubType ?? 'UNKNOWN';
}

/**
 * Builds a structurally valid ISO 19794-4/-5/-6 record whose image data is derived from
 * (seed, bioType, subtype). Capture time and quality do not affect the sample digest.
 */
export function buildSyntheticIsoRecord(input: SyntheticRecordInput): Uint8Array {
  const position = samplePosition(input.bioType, input.bioSubType);
  const sample = {
    bioSubType: position, capturedAt: input.capturedAt, quality: input.quality ?? 80,
    imageData: syntheticImageData(input.seed, input.bioType, position),
  };
  switch (input.bioType) {
    case 'Finger': return buildFingerRecord(sample);
    case 'Iris': return buildIrisRecord(sample);
    case 'Face': return buildFaceRecord(sample);
  }
}

/** Parses a record of the expected modality; throws {@link IsoRecordError} when malformed. */
export function parseIsoRecord(record: Uint8Array, bioType: BioType): ParsedIsoRecord {
  switch (bioType) {
    case 'Finger': return parseFingerRecord(record);
    case 'Iris': return parseIrisRecord(record);
    case 'Face': return parseFaceRecord(record);
    default: throw new IsoRecordError('unknown modality');
  }
}

/** Parses a record of any supported modality, chosen by its format identifier. */
export function parseAnyIsoRecord(record: Uint8Array): ParsedIsoRecord {
  const id = String.fromCharCode(...record.subarray(0, 3));
  const bioType = ({ FIR: 'Finger', IIR: 'Iris', FAC: 'Face' } as const)[id as 'FIR' | 'IIR' | 'FAC'];
  if (!bioType) throw new IsoRecordError('wrong format identifier');
  return parseIsoRecord(record, bioType);
}
