/**
 * A deliberately small HTTP/1.1 request reader over `net`, because Node's `http` server rejects the
 * SBI's custom verbs (MOSIPDISC, MOSIPDINFO, CAPTURE) with HPE_INVALID_METHOD. One request per
 * connection; Content-Length bodies only; hard limits on head and body size.
 */

/** Head and body limits. */
export const HTTP_LIMITS = { maxHeadBytes: 16 * 1024, maxBodyBytes: 1024 * 1024 } as const;

/** A parsed request. Header names are lowercase. */
export interface SimpleRequest {
  method: string;
  path: string;
  headers: Map<string, string>;
  body: string;
}

/** Outcome of feeding bytes: need more, a request, or an HTTP error status to answer with. */
export type ParseState =
  | { kind: 'incomplete' }
  | { kind: 'request'; request: SimpleRequest }
  | { kind: 'error'; status: 400 | 411 | 413 | 431 | 505 };

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses `buffer` (everything received so far). Pure. */
export function parseRequest(buffer: Buffer): ParseState {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return buffer.length > HTTP_LIMITS.maxHeadBytes ? { kind: 'error', status: 431 } : { kind: 'incomplete' };
  if (end > HTTP_LIMITS.maxHeadBytes) return { kind: 'error', status: 431 };
  const [requestLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const parts = requestLine.split(' ');
  if (parts.length !== 3 || !TOKEN.test(parts[0]!) || !parts[1]!.startsWith('/')) return { kind: 'error', status: 400 };
  if (!/^HTTP\/1\.[01]$/.test(parts[2]!)) return { kind: 'error', status: 505 };
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !TOKEN.test(line.slice(0, colon))) return { kind: 'error', status: 400 };
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  if (headers.has('transfer-encoding')) return { kind: 'error', status: 411 };
  const lengthText = headers.get('content-length') ?? '0';
  if (!/^\d+$/.test(lengthText)) return { kind: 'error', status: 400 };
  const length = Number(lengthText);
  if (length > HTTP_LIMITS.maxBodyBytes) return { kind: 'error', status: 413 };
  const bodyStart = end + 4;
  if (buffer.length < bodyStart + length) return { kind: 'incomplete' };
  const path = parts[1]!.split('?')[0]!;
  return {
    kind: 'request',
    request: { method: parts[0]!, path, headers, body: buffer.subarray(bodyStart, bodyStart + length).toString('utf8') },
  };
}
