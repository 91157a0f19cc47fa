/**
 * Browser-safe SBI client and wire types. Uses only `fetch`, `AbortController` and `TextEncoder`;
 * import nothing from `node:` here or below (this entry is bundled for the login page).
 */
export * from '../constants.js';
export * from '../error-codes.js';
export type * from '../types.js';
export type * from '../capture-types.js';
export { decodeBase64, decodeBase64Text, encodeBase64, encodeBase64Text, type Base64Variant } from '../base64.js';
export { decodeJwsUnverified, decodeMaybeSigned, type DecodedJws } from '../jws-decode.js';
export { deriveSbiTransactionId, DEVICE_TRANSACTION_ID, IDA_TRANSACTION_ID } from '../transaction-id.js';
export { SBI_CLIENT_ERROR_KINDS, type SbiClientError, type SbiClientErrorKind, type SbiResult } from './errors.js';
export type { FetchLike } from './http.js';
export { resolvePortRange, type PortRange, type SbiClientOptions } from './options.js';
export { discoverDevices, type DiscoveredPort, type DiscoverOptions } from './discover.js';
export {
  getDeviceInfo, selectAuthDevices, type DeviceFilter, type DeviceInfoEntry, type DeviceInfoOptions, type SbiDevice,
} from './device-info.js';
export { findAuthDevices, type FindDevicesOptions } from './find-devices.js';
export { buildCaptureRequest, type CaptureFactor, type CaptureRequestInput } from './capture-request.js';
export { captureBiometrics, readCaptureResponse, type CaptureOptions } from './capture.js';
export { bioChallengeItem, encodeBiometricsChallenge, type ChallengeOptions } from './challenge.js';
