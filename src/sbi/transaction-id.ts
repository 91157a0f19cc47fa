/**
 * SBI transactionId rules (reference sbi.md §4.1, §9.2). Pure and browser-safe.
 */

/** Device-side rule since the 24-Oct-2023 revision: 4–50 of `[A-Za-z0-9-]`, else error 112 (§4.1). */
export const DEVICE_TRANSACTION_ID = /^[A-Za-z0-9-]{4,50}$/;

/** IDA's rule for the request `transactionID`: exactly 10 alphanumerics (§6.2 step 10). */
export const IDA_TRANSACTION_ID = /^[A-Za-z0-9]{10}$/;

/**
 * Derives the SBI transactionId from an eSignet transaction id as the UI and backend do (§9.2):
 * drop `-` and `_`, then read characters from the last one backwards, wrapping round, until
 * `length` characters are collected.
 */
export function deriveSbiTransactionId(oidcTransactionId: string, length = 10): string {
  const chars = oidcTransactionId.replace(/[-_]/g, '');
  if (chars.length === 0) throw new RangeError('transaction id has no usable characters');
  let out = '';
  for (let i = chars.length - 1; out.length < length; i = (i - 1 + chars.length) % chars.length) {
    out += chars[i];
  }
  return out;
}
