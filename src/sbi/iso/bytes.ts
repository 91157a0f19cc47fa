/**
 * Big-endian byte writer and bounds-checked reader for ISO 19794 records (all multi-byte fields in
 * ISO/IEC 19794 are big-endian).
 */

/** Thrown for a structurally invalid record. Messages never include record content. */
export class IsoRecordError extends Error {
  override readonly name = 'IsoRecordError';
}

/** Appends big-endian fields to a growing buffer. */
export class ByteWriter {
  readonly #parts: number[] = [];
  u8(v: number): this { this.#parts.push(v & 0xff); return this; }
  u16(v: number): this { return this.u8(v >>> 8).u8(v); }
  u32(v: number): this { return this.u16(v >>> 16).u16(v); }
  bytes(b: Uint8Array): this { for (const x of b) this.#parts.push(x); return this; }
  ascii(s: string): this { for (const c of s) this.u8(c.charCodeAt(0)); return this; }
  get length(): number { return this.#parts.length; }
  toBytes(): Uint8Array { return Uint8Array.from(this.#parts); }
}

/** Reads big-endian fields; throws {@link IsoRecordError} past the end. */
export class ByteReader {
  #pos: number;
  constructor(readonly data: Uint8Array, start = 0) { this.#pos = start; }
  get pos(): number { return this.#pos; }
  #need(n: number): number {
    if (this.#pos + n > this.data.length) throw new IsoRecordError('record truncated');
    const at = this.#pos;
    this.#pos += n;
    return at;
  }
  u8(): number { return this.data[this.#need(1)]!; }
  u16(): number { const at = this.#need(2); return (this.data[at]! << 8) | this.data[at + 1]!; }
  u32(): number {
    const at = this.#need(4);
    const d = this.data;
    return d[at]! * 0x1000000 + ((d[at + 1]! << 16) | (d[at + 2]! << 8) | d[at + 3]!);
  }
  bytes(n: number): Uint8Array { const at = this.#need(n); return this.data.subarray(at, at + n); }
  ascii(n: number): string { return String.fromCharCode(...this.bytes(n)); }
}
