/**
 * Port scan with MOSIPDISC (reference sbi.md §2, §12): every port in the range in parallel, a short
 * per-port timeout, and tolerance for non-JSON, CORS failures and error-only arrays.
 */
import type { DiscoveryType } from '../constants.js';
import type { DiscoveredDevice } from '../types.js';
import { sbiExchange } from './http.js';
import { resolveClientOptions, resolvePortRange, type PortRange, type SbiClientOptions } from './options.js';

/** A port that answered discovery with at least one device element. */
export interface DiscoveredPort {
  port: number;
  /** Elements that carry a `deviceId` (error-only elements are dropped). */
  devices: DiscoveredDevice[];
}

/** Options for {@link discoverDevices}. */
export interface DiscoverOptions extends SbiClientOptions {
  /** Range to scan; default 4501–4600, clamped as the eSignet UI does. */
  portRange?: PortRange | string;
  /** Per-port timeout in ms; default 1500. Closed ports fail fast, so this only bounds hung ones. */
  perPortTimeoutMs?: number;
  /** Discovery type; default "Biometric Device" (any). */
  type?: DiscoveryType;
}

/** Reads the device elements out of a discovery body; non-arrays give none. */
export function devicesFromDiscovery(body: unknown): DiscoveredDevice[] {
  if (!Array.isArray(body)) return [];
  return body.filter((e): e is DiscoveredDevice =>
    e !== null && typeof e === 'object' && typeof (e as DiscoveredDevice).deviceId === 'string'
    && (e as DiscoveredDevice).deviceId !== '');
}

/**
 * Sends MOSIPDISC to every port in the range at once and returns the ports that reported devices,
 * in port order. Never throws; an empty list means "no device".
 */
export async function discoverDevices(options: DiscoverOptions = {}): Promise<DiscoveredPort[]> {
  const opts = resolveClientOptions(options);
  const { from, to } = resolvePortRange(options.portRange);
  const timeout = options.perPortTimeoutMs ?? 1500;
  const body = { type: options.type ?? 'Biometric Device' };
  const ports = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const results = await Promise.all(ports.map(async (port) => {
    const r = await sbiExchange(opts.fetch, `${opts.host}:${port}/device`, opts.discoverVerb, body, timeout);
    return r.ok ? { port, devices: devicesFromDiscovery(r.body) } : undefined;
  }));
  return results.filter((r): r is DiscoveredPort => r !== undefined && r.devices.length > 0);
}
