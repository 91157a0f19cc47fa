import type { IncomingMessage } from 'node:http';

/** RFC 6750 §2.1 `b64token`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The outcome of reading a bearer token from a request. */
export type BearerToken =
  | { kind: 'token'; token: string }
  | { kind: 'missing' }
  | { kind: 'malformed'; description: string };

/**
 * Reads the access token from `Authorization: Bearer` (RFC 6750 §2.1). A
 * header with another scheme counts as no bearer token (§3.1: answered with a
 * bare challenge); `Bearer` with a value that is not a b64token is malformed.
 */
export function headerToken(req: IncomingMessage): BearerToken {
  const header = req.headers.authorization;
  if (header === undefined) return { kind: 'missing' };
  const match = /^bearer\s+(.*)$/i.exec(header.trim());
  if (!match) return { kind: 'missing' };
  const token = match[1]!.trim();
  if (!B64TOKEN.test(token)) return { kind: 'malformed', description: 'the Authorization header is not a valid bearer token' };
  return { kind: 'token', token };
}
