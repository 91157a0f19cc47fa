/**
 * ISO/IEC 19794-5:2011 face image record: 17-byte general header ("FAC\0", "030\0", record length,
 * representation count, certification flag, temporal semantics) and one representation with no
 * landmarks, basic face image type and JPEG 2000 image data (reference sbi.md §8).
 */
import { ByteReader, ByteWriter, IsoRecordError } from './bytes.js';
import { checkRepresentationLength, ISO_FORMATS, readGeneralHeaderStart, readRepresentationStart, writeRepresentationStart } from './common.js';
import type { IsoSampleInput, ParsedIsoRecord } from './types.js';

const GENERAL_HEADER = 17;
const REPRESENTATION_HEADER = 52;
const JPEG2000_LOSSY = 1;

/** Builds a face image record (one representation, 1280×720). */
export function buildFaceRecord(s: IsoSampleInput): Uint8Array {
  const repLength = REPRESENTATION_HEADER + s.imageData.length;
  const w = new ByteWriter()
    .ascii(ISO_FORMATS.Face.id).ascii(ISO_FORMATS.Face.version)
    .u32(GENERAL_HEADER + repLength).u16(1).u8(0).u16(0);
  writeRepresentationStart(w, repLength, s);
  w.u16(0) // landmark points
    .u8(0).u8(0).u8(0).u8(0) // gender, eye colour, hair colour, subject height: unspecified
    .u8(0).u8(0).u8(0).u16(0) // property mask, expression
    .u8(0).u8(0).u8(0).u8(0).u8(0).u8(0) // pose angles and uncertainties
    .u8(0).u8(JPEG2000_LOSSY).u16(1280).u16(720) // face image type basic, data type, size
    .u8(0).u16(0).u8(0).u8(0) // spatial sampling, post-processing, cross reference, colour space
    .bytes(s.imageData);
  return w.toBytes();
}

/** Parses and validates a face image record we can read (one representation). */
export function parseFaceRecord(data: Uint8Array): ParsedIsoRecord {
  const r = new ByteReader(data);
  readGeneralHeaderStart(r, ISO_FORMATS.Face);
  const representationCount = r.u16();
  r.u8();
  r.u16();
  if (representationCount !== 1) throw new IsoRecordError('expected one face representation');
  const start = r.pos;
  const common = readRepresentationStart(r);
  checkRepresentationLength(common.length, start, r);
  if (r.u16() !== 0) throw new IsoRecordError('landmarks not supported');
  r.bytes(16);
  if (r.u8() !== JPEG2000_LOSSY) throw new IsoRecordError('unsupported face image data type');
  r.bytes(9);
  const imageData = r.bytes(data.length - r.pos);
  if (imageData.length === 0) throw new IsoRecordError('no image data');
  return {
    bioType: 'Face', formatIdentifier: 'FAC', version: '030', recordLength: data.length, representationCount,
    bioSubType: undefined, capturedAt: common.capturedAt, quality: common.quality, imageData,
  };
}
