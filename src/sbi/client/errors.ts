/**
 * Typed client outcomes. SBI answers HTTP 200 with error objects (reference sbi.md §1.2), so the
 * client turns both transport failures and device error codes into one small set of kinds.
 */

/** Why a client call failed. */
export const SBI_CLIENT_ERROR_KINDS = [
  'no_device', // nothing answered in the range, or CORS/network failure (§1.3, §12)
  'device_busy', // 111 or 803 (§4.1)
  'device_not_ready', // 110
  'device_not_registered', // 100
  'capture_timeout', // 801, or our own abort
  'device_error', // any other non-"0" code; see `sbiErrorCode`
  'invalid_response', // not the JSON shape the spec promises
  'invalid_request', // rejected locally before sending
] as const;
/** One of {@link SBI_CLIENT_ERROR_KINDS}. */
export type SbiClientErrorKind = (typeof SBI_CLIENT_ERROR_KINDS)[number];

/** A failed client call. `sbiErrorCode` is set when the device sent an error object. */
export interface SbiClientError {
  kind: SbiClientErrorKind;
  message: string;
  sbiErrorCode?: string;
}

/** Result of a client call. */
export type SbiResult<T> = { ok: true; value: T } | { ok: false; error: SbiClientError };

/** Success helper. */
export function ok<T>(value: T): SbiResult<T> {
  return { ok: true, value };
}

/** Failure helper. */
export function fail<T>(kind: SbiClientErrorKind, message: string, sbiErrorCode?: string): SbiResult<T> {
  return { ok: false, error: sbiErrorCode === undefined ? { kind, message } : { kind, message, sbiErrorCode } };
}

/** Maps a device error code to a client error kind (§7). */
export function kindForSbiCode(code: string): SbiClientErrorKind {
  switch (code) {
    case '111':
    case '803':
      return 'device_busy';
    case '110':
      return 'device_not_ready';
    case '100':
      return 'device_not_registered';
    case '801':
      return 'capture_timeout';
    case '106':
    case '202':
    case '503':
    case '805':
      return 'no_device';
    default:
      return 'device_error';
  }
}
