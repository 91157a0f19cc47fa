/**
 * Discovery + device info + filter in one call, as the eSignet login page does (reference sbi.md §3,
 * "How the eSignet UI uses device info").
 */
import { discoverDevices, type DiscoverOptions } from './discover.js';
import { getDeviceInfo, selectAuthDevices, type DeviceFilter, type DeviceInfoEntry, type SbiDevice } from './device-info.js';
import { fail, ok, type SbiResult } from './errors.js';

/** Options for {@link findAuthDevices}. */
export interface FindDevicesOptions extends DiscoverOptions, DeviceFilter {
  /** Device info timeout per port in ms; default 5000. */
  infoTimeoutMs?: number;
}

/**
 * Scans the range, asks every responding port for device info, and returns L1/Auth devices with
 * Ready ones first. `no_device` when none qualifies.
 */
export async function findAuthDevices(options: FindDevicesOptions = {}): Promise<SbiResult<SbiDevice[]>> {
  const ports = await discoverDevices(options);
  if (ports.length === 0) return fail('no_device', 'no SBI device answered discovery');
  const infos = await Promise.all(ports.map((p) =>
    getDeviceInfo(p.port, { ...options, timeoutMs: options.infoTimeoutMs ?? 5000 })));
  const entries: DeviceInfoEntry[] = infos.flatMap((r) => (r.ok ? r.value : []));
  const devices = selectAuthDevices(entries, options);
  return devices.length > 0 ? ok(devices) : fail('no_device', 'no L1 Auth device found');
}
