/**
 * The capture hash chain (reference sbi.md §5), as MockMDS `getBiometricData` and IDA
 * `IdAuthFilter.validateHashBytes` compute it. Node only.
 */
import { createHash } from 'node:crypto';

const EMPTY = createHash('sha256').update('').digest();

/** `h = SHA-256(prev ‖ SHA-256(iso))` on raw 32-byte digests. */
export function chainStep(previous: Uint8Array, isoRecord: Uint8Array): Buffer {
  const inner = createHash('sha256').update(isoRecord).digest();
  return createHash('sha256').update(previous).update(inner).digest();
}

/**
 * Uppercase hex hashes for records in array order, starting from `previousHash` (hex; "" means
 * SHA-256(""), as the request field says, §5).
 */
export function hashChain(isoRecords: readonly Uint8Array[], previousHash = ''): string[] {
  let prev: Buffer = previousHash === '' ? EMPTY : Buffer.from(previousHash, 'hex');
  return isoRecords.map((iso) => {
    prev = chainStep(prev, iso);
    return prev.toString('hex').toUpperCase();
  });
}
