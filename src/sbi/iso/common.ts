/**
 * Parts shared by ISO/IEC 19794-4, -5 and -6 (2011 editions): the general record header and the
 * first 24 bytes of a representation header (length, capture date-time, device ids, one quality
 * block). Reference sbi.md §8 gives the magic numbers: FIR/020, IIR/020, FAC/030.
 */
import { ByteReader, ByteWriter, IsoRecordError } from './bytes.js';

/** Format identifier and version per modality (§8). */
export const ISO_FORMATS = {
  Finger: { id: 'FIR\0', version: '020\0', standard: 'ISO/IEC 19794-4:2011' },
  Iris: { id: 'IIR\0', version: '020\0', standard: 'ISO/IEC 19794-6:2011' },
  Face: { id: 'FAC\0', version: '030\0', standard: 'ISO/IEC 19794-5:2011' },
} as const;

/** Fields common to every representation we write. */
export interface RepresentationCommon {
  /** Capture time, ms since epoch (stored as UTC date-time, 9 bytes). */
  capturedAt: number;
  /** Quality score 0–100 in the single quality block. */
  quality: number;
}

/** Vendor and device type ids we write: 0x5347 = "SG" (synthetic), registered nowhere. */
const VENDOR_ID = 0x5347;
const DEVICE_TYPE_ID = 0x0001;

/** Writes representation length (placeholder) … quality block; returns the writer at offset 24. */
export function writeRepresentationStart(w: ByteWriter, totalLength: number, c: RepresentationCommon): void {
  const d = new Date(c.capturedAt);
  w.u32(totalLength)
    .u16(d.getUTCFullYear()).u8(d.getUTCMonth() + 1).u8(d.getUTCDate())
    .u8(d.getUTCHours()).u8(d.getUTCMinutes()).u8(d.getUTCSeconds()).u16(d.getUTCMilliseconds())
    .u8(0) // capture device technology: unknown
    .u16(VENDOR_ID).u16(DEVICE_TYPE_ID)
    .u8(1) // one quality block
    .u8(Math.max(0, Math.min(100, Math.round(c.quality)))).u16(VENDOR_ID).u16(1);
}

/** Reads what {@link writeRepresentationStart} wrote; validates date-time and quality ranges. */
export function readRepresentationStart(r: ByteReader): RepresentationCommon & { length: number } {
  const length = r.u32();
  const [year, month, day, hour, minute, second, ms] = [r.u16(), r.u8(), r.u8(), r.u8(), r.u8(), r.u8(), r.u16()];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || ms > 999) {
    throw new IsoRecordError('invalid capture date-time');
  }
  r.u8();
  r.u16();
  r.u16();
  const blocks = r.u8();
  let quality = 0;
  for (let i = 0; i < blocks; i++) {
    const score = r.u8();
    r.u16();
    r.u16();
    if (score > 100 && score !== 255) throw new IsoRecordError('quality score out of range');
    if (i === 0) quality = score;
  }
  return { length, capturedAt: Date.UTC(year, month - 1, day, hour, minute, second, ms), quality };
}

/** Checks format id, version and the declared record length against the actual size. */
export function readGeneralHeaderStart(r: ByteReader, format: { id: string; version: string }): void {
  if (r.ascii(4) !== format.id) throw new IsoRecordError('wrong format identifier');
  if (r.ascii(4) !== format.version) throw new IsoRecordError('unsupported version');
  if (r.u32() !== r.data.length) throw new IsoRecordError('record length does not match size');
}

/** Ensures a representation's declared length equals the bytes that remain. */
export function checkRepresentationLength(declared: number, start: number, r: ByteReader): void {
  if (declared !== r.data.length - start) throw new IsoRecordError('representation length mismatch');
}
