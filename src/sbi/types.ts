/**
 * Wire types for SBI 0.9.5 discovery, device info and the digital id (reference sbi.md §2, §3).
 * Capture types live in `capture-types.ts`. Everything here is type-only and browser-safe.
 */
import type {
  BioType, Certification, DevicePurpose, DeviceStatus, DeviceSubType, DiscoveryType,
} from './constants.js';

/** An SBI `error` object. `errorCode` "0" means success (§2). */
export interface SbiErrorObject {
  errorCode: string;
  errorInfo: string;
}

/** MOSIPDISC request body (§2). */
export interface DiscoveryRequest {
  type: DiscoveryType;
}

/**
 * One MOSIPDISC array element (§2). Error-only elements carry just `error`, so every device field is
 * optional on the wire; clients treat an element without `deviceId` as "no device".
 */
export interface DiscoveredDevice {
  deviceId?: string;
  deviceStatus?: DeviceStatus;
  certification?: Certification;
  serviceVersion?: string;
  /** Integers per spec; MockMDS sends strings. Both accepted. */
  deviceSubId?: Array<number | string>;
  callbackId?: string;
  /** Unsigned digital id: base64url(JSON), no header or signature. */
  digitalId?: string;
  deviceCode?: string;
  specVersion?: string[];
  purpose?: DevicePurpose;
  error?: SbiErrorObject;
}

/** The MOSIPDISC response: a bare JSON array. */
export type DiscoveryResponse = DiscoveredDevice[];

/** Digital id payload, identical signed or unsigned (§2). */
export interface DigitalId {
  serialNo: string;
  make: string;
  model: string;
  type: BioType;
  deviceSubType: DeviceSubType;
  deviceProvider: string;
  deviceProviderId: string;
  /** ISO 8601 UTC. */
  dateTime: string;
}

/** One MOSIPDINFO array element (§3). */
export interface DeviceInfoResponseItem {
  /** JWS signed with the device key; unsigned base64url(JSON) when "Not Registered". */
  deviceInfo: string;
  error: SbiErrorObject;
}

/** The MOSIPDINFO response. */
export type DeviceInfoResponse = DeviceInfoResponseItem[];

/** Decoded `deviceInfo` payload (§3). */
export interface DeviceInfo {
  deviceStatus: DeviceStatus;
  deviceId: string;
  firmware: string;
  certification: Certification;
  serviceVersion: string;
  deviceSubId: Array<number | string>;
  callbackId: string;
  /** Digital id JWS signed with the FTM key (L1). */
  digitalId: string;
  deviceCode: string;
  env: string;
  purpose: DevicePurpose;
  specVersion: string[];
}

/** JWS protected header as MockMDS writes it (§3): `{typ:"JWT", x5c:[leaf DER base64], alg:"RS256"}`. */
export interface SbiJwsHeader {
  alg: string;
  typ?: string;
  x5c?: string[] | string;
}
