/**
 * Shapes shared by the ISO 19794 builders and parsers.
 */
import type { BioType } from '../constants.js';
import type { RepresentationCommon } from './common.js';

/** What a builder needs for one single-representation record. */
export interface IsoSampleInput extends RepresentationCommon {
  /** Finger/Iris subtype (SBI spelling); ignored for Face. */
  bioSubType?: string | undefined;
  imageData: Uint8Array;
}

/** A parsed record: header facts plus the one representation we build. */
export interface ParsedIsoRecord extends RepresentationCommon {
  bioType: BioType;
  /** e.g. "FIR", "IIR", "FAC". */
  formatIdentifier: string;
  /** e.g. "020", "030". */
  version: string;
  recordLength: number;
  representationCount: number;
  /** SBI subtype from the finger position / eye label; undefined for Face. */
  bioSubType: string | undefined;
  /** Image data (a view into the record). */
  imageData: Uint8Array;
}
