/**
 * ISO/IEC 19794-4:2011 finger image record: 16-byte general header ("FIR\0", "020\0", record length,
 * representation count, certification flag, finger count) and one representation with finger
 * position, 500 ppi, 8-bit, JPEG 2000 lossy compression (the Auth profile of reference sbi.md §8).
 */
import { ByteReader, ByteWriter, IsoRecordError } from './bytes.js';
import { checkRepresentationLength, ISO_FORMATS, readGeneralHeaderStart, readRepresentationStart, writeRepresentationStart } from './common.js';
import { fingerPositionCode, fingerSubTypeOf } from './positions.js';
import type { IsoSampleInput, ParsedIsoRecord } from './types.js';

const GENERAL_HEADER = 16;
const REPRESENTATION_HEADER = 46;
const JPEG2000_LOSSY = 4;
const PPI = 500;
const SIDE = 320; // nominal image width/height in pixels

/** Builds a finger image record for one finger. */
export function buildFingerRecord(s: IsoSampleInput): Uint8Array {
  const repLength = REPRESENTATION_HEADER + s.imageData.length;
  const w = new ByteWriter()
    .ascii(ISO_FORMATS.Finger.id).ascii(ISO_FORMATS.Finger.version)
    .u32(GENERAL_HEADER + repLength).u16(1).u8(0).u8(1);
  writeRepresentationStart(w, repLength, s);
  w.u8(fingerPositionCode(s.bioSubType ?? 'UNKNOWN')).u8(1) // position, representation number
    .u8(1).u16(PPI).u16(PPI).u16(PPI).u16(PPI) // scale units = ppi; capture and image sampling rates
    .u8(8).u8(JPEG2000_LOSSY).u8(0) // bit depth, compression, impression type (live-scan plain)
    .u16(SIDE).u16(SIDE).u32(s.imageData.length).bytes(s.imageData);
  return w.toBytes();
}

/** Parses and validates a finger image record we can read (one representation). */
export function parseFingerRecord(data: Uint8Array): ParsedIsoRecord {
  const r = new ByteReader(data);
  readGeneralHeaderStart(r, ISO_FORMATS.Finger);
  const representationCount = r.u16();
  r.u8();
  if (representationCount !== 1 || r.u8() < 1) throw new IsoRecordError('expected one finger representation');
  const start = r.pos;
  const common = readRepresentationStart(r);
  checkRepresentationLength(common.length, start, r);
  const bioSubType = fingerSubTypeOf(r.u8());
  r.u8();
  r.bytes(9);
  if (r.u8() !== 8) throw new IsoRecordError('unsupported bit depth');
  r.bytes(6);
  const imageLength = r.u32();
  if (imageLength !== data.length - r.pos) throw new IsoRecordError('image length mismatch');
  return {
    bioType: 'Finger', formatIdentifier: 'FIR', version: '020', recordLength: data.length, representationCount,
    bioSubType, capturedAt: common.capturedAt, quality: common.quality, imageData: r.bytes(imageLength),
  };
}
