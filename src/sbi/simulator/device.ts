/**
 * The simulated device's discovery and device info answers (reference sbi.md §2, §3, §11 items 1–2).
 */
import { DEVICE_STATUS, SPEC_VERSION, type BioType, type DeviceStatus } from '../constants.js';
import { sbiError } from '../error-codes.js';
import type { DeviceInfo, DiscoveredDevice, DigitalId, SbiErrorObject } from '../types.js';
import { signJson } from './jws-sign.js';
import type { SimulatorPki } from './pki.js';
import { sbiTimestamp } from './time-format.js';

/** Static description of the one simulated device. */
export interface SimDevice {
  deviceId: string;
  bioType: BioType;
  /** Env the device is registered for, reported in device info. */
  env: string;
  pki: SimulatorPki;
  port: number;
}

const SUBTYPE: Record<BioType, string> = { Finger: 'Single', Iris: 'Single', Face: 'Full face' };
const SERVICE_VERSION = SPEC_VERSION;

/** The digital id payload with a fresh `dateTime` (§2). */
export function digitalIdPayload(device: SimDevice, at: number): DigitalId {
  return {
    serialNo: device.pki.serialNo, make: 'Signet', model: `SIM-${device.bioType.toUpperCase()}-01`,
    type: device.bioType, deviceSubType: SUBTYPE[device.bioType], deviceProvider: 'Signet Test Devices',
    deviceProviderId: 'SIGNET.SIM.SBI', dateTime: sbiTimestamp(at),
  };
}

/** The error object that goes with a status (§2: 0 / 100 / 110 / 111). */
export function statusError(status: DeviceStatus): SbiErrorObject {
  switch (status) {
    case DEVICE_STATUS.notRegistered: return sbiError('100');
    case DEVICE_STATUS.notReady: return sbiError('110');
    case DEVICE_STATUS.busy: return sbiError('111');
    default: return sbiError('0');
  }
}

/** One MOSIPDISC element; the digital id is unsigned base64url JSON (§2). */
export function discoveryElement(device: SimDevice, status: DeviceStatus, now: number): DiscoveredDevice {
  const registered = status !== DEVICE_STATUS.notRegistered;
  return {
    deviceId: registered ? device.deviceId : '', deviceStatus: status, certification: 'L1',
    serviceVersion: SERVICE_VERSION, deviceSubId: ['0'], callbackId: `http://127.0.0.1:${device.port}/`,
    digitalId: Buffer.from(JSON.stringify(digitalIdPayload(device, now))).toString('base64url'),
    deviceCode: registered ? device.pki.deviceCode : '', specVersion: [SPEC_VERSION],
    purpose: registered ? 'Auth' : '', error: statusError(status),
  };
}

/** One MOSIPDINFO element: deviceInfo signed with the device key, digitalId with the FTM key (§3). */
export async function deviceInfoElement(device: SimDevice, status: DeviceStatus, now: number): Promise<{ deviceInfo: string; error: SbiErrorObject }> {
  const registered = status !== DEVICE_STATUS.notRegistered;
  const digitalIdJson = digitalIdPayload(device, now);
  const info: DeviceInfo = {
    deviceStatus: status, deviceId: device.deviceId, firmware: SERVICE_VERSION, certification: 'L1',
    serviceVersion: SERVICE_VERSION, deviceSubId: ['0'], callbackId: `http://127.0.0.1:${device.port}/`,
    digitalId: registered
      ? await signJson(digitalIdJson, device.pki.ftm)
      : Buffer.from(JSON.stringify(digitalIdJson)).toString('base64url'),
    deviceCode: registered ? device.pki.deviceCode : '', env: registered ? device.env : 'None',
    purpose: registered ? 'Auth' : '', specVersion: [SPEC_VERSION],
  };
  const deviceInfo = registered
    ? await signJson(info, device.pki.device)
    : Buffer.from(JSON.stringify(info)).toString('base64url');
  return { deviceInfo, error: statusError(status) };
}
