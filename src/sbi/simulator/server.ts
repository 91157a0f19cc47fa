/**
 * The SBI simulator server: a MockMDS-like device on 127.0.0.1 in 4501–4600 (reference sbi.md §11).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Clock } from '../../core/ports/clock.js';
import { DEVICE_STATUS, SBI_PORT_RANGE, type BioType, type DeviceStatus, type SbiEnv } from '../constants.js';
import { sbiError, type KnownSbiErrorCode } from '../error-codes.js';
import { parseJsonObject } from '../jws-decode.js';
import { buildCaptureResponse } from './capture-build.js';
import { validateCapture } from './capture-validate.js';
import type { SbiFault } from './faults.js';
import { parseRequest } from './http-parse.js';
import { httpResponse, jsonResponse } from './http-reply.js';
import { loadOrCreatePki } from './pki.js';
import { effectiveStatus, route, type SimState } from './routes.js';

/** Options for {@link startSbiSimulator}. */
export interface SbiSimulatorOptions {
  /** Listen address; default and spec value "127.0.0.1" (§1.1). */
  host?: string;
  /** Exact port. When absent the first free port of `portRange` is used. */
  port?: number;
  /** Default 4501–4600. */
  portRange?: { from: number; to: number };
  /** Where the test CA, FTM and device keys live; created at first start (file mode 0600). */
  stateDir: string;
  /** The ID system's encryption certificate (PEM) that session keys are encrypted to (§4.3). */
  encryptionCertificatePem: string;
  /** Subject seed: whose synthetic biometrics the device presents. Default "default-subject". */
  subject?: string;
  /** Modality of the one simulated device; default "Finger". */
  bioType?: BioType;
  /** Initial device status; default "Ready". */
  status?: DeviceStatus;
  /** Env reported in device info; default "Developer". Captures echo the request env. */
  env?: SbiEnv;
  /** Initial fault; default none. */
  fault?: SbiFault;
  /** Artificial capture duration in ms; default 0. */
  captureDelayMs?: number;
  /** Time source; default `Date.now`. */
  clock?: Clock;
  /**
   * How long a connection may take to send its whole request, in ms; default 10 000. An absolute
   * deadline, so a client trickling bytes (slowloris) cannot hold a connection by staying active.
   */
  requestTimeoutMs?: number;
}

/** A running simulator. */
export interface SbiSimulatorHandle {
  port: number;
  /** e.g. `http://127.0.0.1:4501`. */
  url: string;
  /** Trust anchor for the verifier's DEVICE domain. */
  deviceCaPem: string;
  /** Trust anchor for the verifier's FTM domain. */
  ftmCaPem: string;
  /** The device's serial number (digital id `serialNo`). */
  serialNo: string;
  setSubject(subject: string): void;
  setStatus(status: DeviceStatus): void;
  /** Sets one fault (or none with `undefined`); it applies to every following capture. */
  setFault(fault: SbiFault | undefined): void;
  setCaptureDelay(ms: number): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function captureError(code: KnownSbiErrorCode): Buffer {
  return jsonResponse(200, { biometrics: [{ specVersion: '0.9.5', data: '', hash: '', sessionKey: '', thumbprint: '', error: sbiError(code) }] });
}

async function listen(server: Server, host: string, ports: number[]): Promise<number> {
  for (const port of ports) {
    const ok = await new Promise<boolean>((resolve) => {
      const onError = () => { // EADDRINUSE and friends: try the next port
        server.off('listening', onListening);
        resolve(false);
      };
      const onListening = () => { server.off('error', onError); resolve(true); };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, host);
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${ports[0]}-${ports[ports.length - 1]}`);
}

/** Starts a simulator and resolves once it listens. */
export async function startSbiSimulator(options: SbiSimulatorOptions): Promise<SbiSimulatorHandle> {
  const clock = options.clock ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const pki = await loadOrCreatePki(options.stateDir, clock());
  const range = options.portRange ?? SBI_PORT_RANGE;
  const candidates = options.port !== undefined ? [options.port]
    : Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
  const s: SimState = {
    device: { deviceId: '1', bioType: options.bioType ?? 'Finger', env: options.env ?? 'Developer', pki, port: 0 },
    subject: options.subject ?? 'default-subject', status: options.status ?? DEVICE_STATUS.ready,
    fault: options.fault, captureDelayMs: options.captureDelayMs ?? 0, capturing: false, clock,
  };

  const capture = async (body: string): Promise<Buffer> => {
    const json = parseJsonObject(body);
    if (!json) return captureError('123');
    const check = validateCapture(json, s.device.deviceId, s.device.bioType, effectiveStatus(s));
    if (!check.ok) return captureError(check.code);
    s.capturing = true; // set before any await: a parallel CAPTURE now sees Busy (§4.1)
    try {
      if (s.captureDelayMs > check.capture.timeoutMs) {
        await sleep(check.capture.timeoutMs);
        return captureError('801');
      }
      if (s.captureDelayMs > 0) await sleep(s.captureDelayMs);
      const biometrics = await buildCaptureResponse({
        device: s.device, capture: check.capture, subject: s.subject, fault: s.fault, now: clock(),
        encryptionCertificatePem: options.encryptionCertificatePem,
      });
      return jsonResponse(200, { biometrics });
    } catch {
      return captureError('810');
    } finally {
      s.capturing = false;
    }
  };

  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setTimeout(30_000, () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let handled = false;
    const deadline = setTimeout(() => {
      if (handled) return;
      handled = true;
      socket.end(httpResponse(408, ''), () => socket.destroy());
    }, options.requestTimeoutMs ?? 10_000);
    socket.on('close', () => clearTimeout(deadline));
    socket.on('data', (chunk: Buffer) => {
      if (handled) return;
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseRequest(buffer);
      if (parsed.kind === 'incomplete') return;
      handled = true;
      clearTimeout(deadline);
      const reply = parsed.kind === 'error'
        ? Promise.resolve(httpResponse(parsed.status, ''))
        : route(parsed.request, s, capture).catch(() => jsonResponse(200, [{ error: sbiError('999') }]));
      void reply.then((bytes) => { if (!socket.destroyed) socket.end(bytes); });
    });
  });
  const port = await listen(server, host, candidates);
  s.device.port = port;
  return {
    port, url: `http://${host}:${port}`, deviceCaPem: pki.deviceCaPem, ftmCaPem: pki.ftmCaPem, serialNo: pki.serialNo,
    setSubject: (subject) => { s.subject = subject; },
    setStatus: (status) => { s.status = status; },
    setFault: (fault) => { s.fault = fault; },
    setCaptureDelay: (ms) => { s.captureDelayMs = ms; },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
