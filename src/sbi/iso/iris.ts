/**
 * ISO/IEC 19794-6:2011 iris image record: 16-byte general header ("IIR\0", "020\0", record length,
 * representation count, certification flag, eye count) and one representation with eye label,
 * image type 7 (cropped and masked), JPEG 2000 (the Auth profile of reference sbi.md §8).
 */
import { ByteReader, ByteWriter, IsoRecordError } from './bytes.js';
import { checkRepresentationLength, ISO_FORMATS, readGeneralHeaderStart, readRepresentationStart, writeRepresentationStart } from './common.js';
import { eyeLabelCode, irisSubTypeOf } from './positions.js';
import type { IsoSampleInput, ParsedIsoRecord } from './types.js';

const GENERAL_HEADER = 16;
const REPRESENTATION_HEADER = 56;
const CROPPED_AND_MASKED = 7;
const JPEG2000 = 10;
const WIDTH = 640;
const HEIGHT = 480;

/** Builds an iris image record for one eye. */
export function buildIrisRecord(s: IsoSampleInput): Uint8Array {
  const repLength = REPRESENTATION_HEADER + s.imageData.length;
  const w = new ByteWriter()
    .ascii(ISO_FORMATS.Iris.id).ascii(ISO_FORMATS.Iris.version)
    .u32(GENERAL_HEADER + repLength).u16(1).u8(0).u8(1);
  writeRepresentationStart(w, repLength, s);
  w.u8(1).u8(eyeLabelCode(s.bioSubType ?? 'UNKNOWN')) // representation number, eye label
    .u8(CROPPED_AND_MASKED).u8(JPEG2000).u8(0) // image type, format, properties
    .u16(WIDTH).u16(HEIGHT).u8(8).u16(0) // size, bit depth, range
    .u16(0xffff).u16(0xffff) // roll angle and uncertainty: undefined
    .u16(220).u16(420).u16(140).u16(340) // iris centre bounds
    .u16(200).u16(210) // iris diameter ≥150 px (§8)
    .u32(s.imageData.length).bytes(s.imageData);
  return w.toBytes();
}

/** Parses and validates an iris image record we can read (one representation). */
export function parseIrisRecord(data: Uint8Array): ParsedIsoRecord {
  const r = new ByteReader(data);
  readGeneralHeaderStart(r, ISO_FORMATS.Iris);
  const representationCount = r.u16();
  r.u8();
  if (representationCount !== 1 || r.u8() < 1) throw new IsoRecordError('expected one iris representation');
  const start = r.pos;
  const common = readRepresentationStart(r);
  checkRepresentationLength(common.length, start, r);
  r.u8();
  const bioSubType = irisSubTypeOf(r.u8());
  if (r.u8() !== CROPPED_AND_MASKED) throw new IsoRecordError('unsupported iris image type');
  r.bytes(25);
  const imageLength = r.u32();
  if (imageLength !== data.length - r.pos) throw new IsoRecordError('image length mismatch');
  return {
    bioType: 'Iris', formatIdentifier: 'IIR', version: '020', recordLength: data.length, representationCount,
    bioSubType, capturedAt: common.capturedAt, quality: common.quality, imageData: r.bytes(imageLength),
  };
}
