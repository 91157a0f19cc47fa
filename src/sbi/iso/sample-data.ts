/**
 * Deterministic synthetic "image data" for a subject seed. Node only (uses SHA-256).
 *
 * The bytes stand in for a JPEG 2000 codestream: they start with the SOC and SIZ markers
 * (FF 4F FF 51) so tools that sniff the format see J2K, followed by SHA-256 counter-mode output over
 * `signet-synthetic-biometric/v1 ‖ seed ‖ bioType ‖ position`. Same inputs → same bytes; any other
 * seed or position → unrelated bytes. Nothing here resembles a real biometric.
 */
import { createHash } from 'node:crypto';

/** Length of the synthetic image data in bytes (small on purpose). */
export const SYNTHETIC_IMAGE_BYTES = 512;

const J2K_START = [0xff, 0x4f, 0xff, 0x51];

/** Deterministic image bytes for one sample of `seed`. `position` is the subtype label or "" for Face. */
export function syntheticImageData(seed: string, bioType: string, position: string): Uint8Array {
  const out = new Uint8Array(SYNTHETIC_IMAGE_BYTES);
  out.set(J2K_START);
  let offset = J2K_START.length;
  for (let counter = 0; offset < out.length; counter++) {
    const block = createHash('sha256')
      .update(`signet-synthetic-biometric/v1\0${seed}\0${bioType}\0${position}\0${counter}`)
      .digest();
    const n = Math.min(block.length, out.length - offset);
    out.set(block.subarray(0, n), offset);
    offset += n;
  }
  return out;
}
