/**
 * Request routing for the simulator (reference sbi.md §1.2, §11 "Endpoints"): discovery, device
 * info, capture, CORS preflight and the `/signet-sim/*` control endpoints for browser tests.
 */
import { DEVICE_STATUS, DISCOVERY_TYPES, SBI_VERBS, type DeviceStatus } from '../constants.js';
import { sbiError, type KnownSbiErrorCode } from '../error-codes.js';
import { parseJsonObject } from '../jws-decode.js';
import { deviceInfoElement, discoveryElement, type SimDevice } from './device.js';
import { isSbiFault, type SbiFault } from './faults.js';
import { jsonResponse, preflightResponse } from './http-reply.js';
import type { SimpleRequest } from './http-parse.js';

/** Mutable run-time state of a simulator, shared by the routes and the handle. */
export interface SimState {
  device: SimDevice;
  subject: string;
  status: DeviceStatus;
  fault: SbiFault | undefined;
  captureDelayMs: number;
  capturing: boolean;
  clock: () => number;
}

/** Capture is handled by the server (it needs the busy lock and timers). */
export type CaptureHandler = (body: string) => Promise<Buffer>;

const DISCOVER = new Set<string>([SBI_VERBS.discover, ...SBI_VERBS.discoverAliases]);
const INFO = new Set<string>([SBI_VERBS.info, ...SBI_VERBS.infoAliases]);
const STATUSES = new Set<string>(Object.values(DEVICE_STATUS));

const errorArray = (code: KnownSbiErrorCode) => jsonResponse(200, [{ error: sbiError(code) }]);

/** The status reported to clients: Busy while a capture runs. */
export function effectiveStatus(s: SimState): DeviceStatus {
  return s.capturing && s.status === DEVICE_STATUS.ready ? DEVICE_STATUS.busy : s.status;
}

/** Routes one request. */
export async function route(req: SimpleRequest, s: SimState, capture: CaptureHandler): Promise<Buffer> {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  if (req.method === 'OPTIONS') return preflightResponse(req.headers);
  if (DISCOVER.has(req.method) && path === '/device') {
    const type = parseJsonObject(req.body)?.['type'] ?? 'Biometric Device';
    if (!(DISCOVERY_TYPES as readonly unknown[]).includes(type)) return errorArray('502');
    if (type !== 'Biometric Device' && type !== s.device.bioType) return jsonResponse(200, []);
    return jsonResponse(200, [discoveryElement(s.device, effectiveStatus(s), s.clock())]);
  }
  if (INFO.has(req.method) && path === '/info') {
    return jsonResponse(200, [await deviceInfoElement(s.device, effectiveStatus(s), s.clock())]);
  }
  if (req.method === SBI_VERBS.capture && path === '/capture') return capture(req.body);
  if (req.method === 'POST' && path.startsWith('/signet-sim/')) return control(path.slice(12), req.body, s);
  return jsonResponse(405, [{ error: { errorCode: '500', errorInfo: 'Invalid URL' } }]);
}

/**
 * Test-control endpoints (test use only; the simulator binds 127.0.0.1):
 * `POST /signet-sim/subject {subject}`, `/status {status}`, `/fault {fault|null}`, `/delay {ms}`.
 */
function control(action: string, body: string, s: SimState): Buffer {
  const json = parseJsonObject(body) ?? {};
  const bad = (message: string) => jsonResponse(400, { ok: false, message });
  switch (action) {
    case 'subject':
      if (typeof json['subject'] !== 'string' || json['subject'] === '') return bad('subject must be a non-empty string');
      s.subject = json['subject'];
      break;
    case 'status':
      if (!STATUSES.has(json['status'] as string)) return bad('unknown status');
      s.status = json['status'] as DeviceStatus;
      break;
    case 'fault':
      if (json['fault'] !== null && !isSbiFault(json['fault'])) return bad('unknown fault');
      s.fault = (json['fault'] as SbiFault | null) ?? undefined;
      break;
    case 'delay':
      if (typeof json['ms'] !== 'number' || json['ms'] < 0) return bad('ms must be a non-negative number');
      s.captureDelayMs = json['ms'];
      break;
    default:
      return jsonResponse(404, { ok: false, message: 'unknown control' });
  }
  return jsonResponse(200, { ok: true });
}
