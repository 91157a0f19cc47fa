/**
 * SBI device error codes (reference sbi.md §7): the normative 0.9.5 set plus the MockMDS extras the
 * simulator uses. Application errors arrive with HTTP 200 inside `error` objects (§1.2).
 */
export const SBI_ERROR_CODES = {
  '0': 'Success',
  '100': 'Device not registered',
  '101': 'Unable to detect a biometric object',
  '102': 'Technical error during extraction',
  '103': 'Device tamper detected',
  '104': 'Unable to connect to management server',
  '105': 'Image orientation error',
  '106': 'Device not found',
  '107': 'Device public key expired',
  '108': 'Domain public key missing',
  '109': 'Requested number of biometric (Finger/IRIS) not supported',
  '110': 'Device is not ready',
  '111': 'Device is busy',
  '112': 'Invalid Transaction ID',
  '114': 'Device type mismatch (must be Finger, Iris or Face)',
  '115': 'env value mismatch',
  '120': 'Device type mismatch for deviceId',
  '121': 'Purpose value mismatch',
  '122': 'BioSubType/Exception mismatch for type',
  '123': 'Malformed request',
  '202': 'No device connected',
  '500': 'Invalid URL',
  '502': 'Biometric type mismatch in discovery',
  '503': 'Devices not connected',
  '800': 'Auth capture failed',
  '801': 'Capture timeout',
  '803': 'Capture already in progress',
  '804': 'deviceId missing',
  '805': 'Device not connected/registered for deviceId',
  '806': 'Device purpose must be Auth',
  '809': 'Auth capture on a Registration device',
  '810': 'Unknown capture error',
  '999': 'Unknown error',
} as const;

/** A code listed in {@link SBI_ERROR_CODES}. */
export type KnownSbiErrorCode = keyof typeof SBI_ERROR_CODES;

/** The `errorInfo` text for a code, or a generic text for device-provider custom codes (5xx). */
export function sbiErrorInfo(code: string): string {
  return (SBI_ERROR_CODES as Record<string, string>)[code] ?? 'Device provider error';
}

/** The `{errorCode, errorInfo}` object an SBI sends for `code`. */
export function sbiError(code: KnownSbiErrorCode): { errorCode: string; errorInfo: string } {
  return { errorCode: code, errorInfo: SBI_ERROR_CODES[code] };
}
