/**
 * MOSIPDINFO and the eSignet device filter (reference sbi.md §3, §12). Payloads are decoded without
 * verification: the client only chooses a device, trust is the server's job.
 */
import type { BioType, DeviceStatus } from '../constants.js';
import { decodeMaybeSigned } from '../jws-decode.js';
import type { DeviceInfo, DigitalId, SbiErrorObject } from '../types.js';
import { fail, ok, type SbiResult } from './errors.js';
import { sbiExchange } from './http.js';
import { resolveClientOptions, type SbiClientOptions } from './options.js';

/** One decoded device info entry. */
export interface DeviceInfoEntry {
  port: number;
  deviceInfo: DeviceInfo;
  /** Decoded digital id payload; undefined when it could not be decoded. */
  digitalId: DigitalId | undefined;
  /** Whether deviceInfo was a JWS (unregistered devices send it unsigned, §3). */
  signed: boolean;
  error: SbiErrorObject | undefined;
}

/** Options for {@link getDeviceInfo}. */
export interface DeviceInfoOptions extends SbiClientOptions {
  /** Timeout in ms; default 5000 (eSignet allows 30 s, §1.4). */
  timeoutMs?: number;
}

/** Decodes a MOSIPDINFO body; elements that do not decode are skipped (§12). */
export function entriesFromDeviceInfo(port: number, body: unknown): DeviceInfoEntry[] {
  if (!Array.isArray(body)) return [];
  const out: DeviceInfoEntry[] = [];
  for (const item of body as Array<{ deviceInfo?: unknown; error?: SbiErrorObject }>) {
    const info = decodeMaybeSigned<DeviceInfo>(item?.deviceInfo);
    if (!info) continue;
    const digitalId = decodeMaybeSigned<DigitalId>(info.payload.digitalId)?.payload;
    out.push({ port, deviceInfo: info.payload, digitalId, signed: info.signed, error: item.error });
  }
  return out;
}

/** Sends MOSIPDINFO to one port (no body in 0.9.5, §3). */
export async function getDeviceInfo(
  port: number, options: DeviceInfoOptions = {},
): Promise<SbiResult<DeviceInfoEntry[]>> {
  const opts = resolveClientOptions(options);
  const r = await sbiExchange(opts.fetch, `${opts.host}:${port}/info`, opts.infoVerb, undefined,
    options.timeoutMs ?? 5000);
  if (!r.ok) return r.reason === 'not_json' ? fail('invalid_response', 'device info is not JSON') : fail('no_device', `no answer on port ${port}`);
  const entries = entriesFromDeviceInfo(port, r.body);
  return entries.length > 0 ? ok(entries) : fail('invalid_response', 'device info had no decodable entry');
}

/** A device the login page can capture with. */
export interface SbiDevice {
  port: number;
  deviceId: string;
  /** `digitalId.type`: the modality to request. */
  type: BioType;
  status: DeviceStatus;
  /** `deviceInfo.specVersion[0]`, echoed in the capture request. */
  specVersion: string;
  env: string;
  serialNo: string;
  make: string;
  model: string;
  deviceSubType: string;
}

/** Filter rules for {@link selectAuthDevices}. */
export interface DeviceFilter {
  /** Accepted certification levels; default ["L1"] as eSignet requires (§3). */
  certifications?: readonly string[];
  /** Required purpose; default "Auth". */
  purpose?: string;
}

/**
 * Keeps signed entries with accepted certification and purpose, Ready devices first (§3 steps 2–4).
 * Pure.
 */
export function selectAuthDevices(entries: readonly DeviceInfoEntry[], filter: DeviceFilter = {}): SbiDevice[] {
  const certs = filter.certifications ?? ['L1'];
  const purpose = filter.purpose ?? 'Auth';
  const devices: SbiDevice[] = [];
  for (const { port, deviceInfo: d, digitalId: id, signed } of entries) {
    if (!signed || !id || !certs.includes(d.certification) || d.purpose !== purpose) continue;
    devices.push({
      port, deviceId: String(d.deviceId), type: id.type, status: d.deviceStatus,
      specVersion: d.specVersion?.[0] ?? '0.9.5', env: d.env, serialNo: id.serialNo, make: id.make,
      model: id.model, deviceSubType: id.deviceSubType,
    });
  }
  return devices.sort((a, b) => Number(b.status === 'Ready') - Number(a.status === 'Ready'));
}
