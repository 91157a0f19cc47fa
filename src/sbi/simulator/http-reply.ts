/**
 * Response writing with the CORS headers a browser needs for the custom verbs (reference sbi.md
 * §1.3, §11 "Process and network"): every response allows any origin; the preflight lists the verbs,
 * echoes requested headers and allows Private Network Access.
 */
import { SBI_VERBS } from '../constants.js';

/** Verbs the simulator accepts, listed in `Access-Control-Allow-Methods`. */
export const ALLOWED_METHODS = [
  'OPTIONS', 'RCAPTURE', SBI_VERBS.capture, SBI_VERBS.info, SBI_VERBS.discover, 'STREAM', 'GET', 'POST',
  ...SBI_VERBS.discoverAliases, ...SBI_VERBS.infoAliases,
] as const;

const REASONS: Record<number, string> = {
  200: 'OK', 204: 'No Content', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 411: 'Length Required',
  413: 'Payload Too Large', 431: 'Request Header Fields Too Large', 505: 'HTTP Version Not Supported',
};

/** Serialises a response; the connection is closed after it (§11). */
export function httpResponse(status: number, body: string, extra: Record<string, string> = {}): Buffer {
  const payload = Buffer.from(body, 'utf8');
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(payload.length),
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': '*',
    Connection: 'close',
    ...extra,
  };
  const head = `HTTP/1.1 ${status} ${REASONS[status] ?? 'OK'}\r\n`
    + Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), payload]);
}

/** JSON response helper. */
export function jsonResponse(status: number, value: unknown): Buffer {
  return httpResponse(status, JSON.stringify(value));
}

/** The CORS preflight answer (§1.3): 204 with the verbs, requested headers and PNA permission. */
export function preflightResponse(requestHeaders: Map<string, string>): Buffer {
  const asked = requestHeaders.get('access-control-request-headers');
  return httpResponse(200, '', {
    'Access-Control-Allow-Methods': ALLOWED_METHODS.join(', '),
    'Access-Control-Allow-Headers': asked ? `Content-Type, ${asked}` : 'Content-Type',
    'Access-Control-Allow-Private-Network': 'true',
    'Access-Control-Max-Age': '600',
  });
}
