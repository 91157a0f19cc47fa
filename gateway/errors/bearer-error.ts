import type { ServerResponse } from 'node:http';
import { NO_STORE, sendJson } from '../http/respond.js';
import { httpStatusOf } from './core-error.js';
import { oauthText } from './oauth-text.js';

/** The RFC 6750 §3.1 error codes (and none, for a request without a token). */
export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/** RFC 6750 §3: challenge values hold only %x20-21 / %x23-5B / %x5D-7E, bounded. */
const headerSafe = (text: string): string => oauthText(text);

/**
 * Builds the `WWW-Authenticate: Bearer` challenge (RFC 6750 §3). Without an
 * error code (the request carried no token, §3.1: "SHOULD NOT include an error
 * code") only the realm is sent.
 */
export function bearerChallenge(realm: string, error?: string, description?: string): string {
  const parts = [`realm="${headerSafe(realm)}"`];
  if (error) parts.push(`error="${headerSafe(error)}"`);
  if (error && description) parts.push(`error_description="${headerSafe(description)}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** Sends 401 with a bare challenge: the request had no bearer token at all. */
export function sendMissingToken(res: ServerResponse, realm: string): void {
  res.writeHead(401, Object.assign({}, NO_STORE, { 'WWW-Authenticate': bearerChallenge(realm), 'Content-Length': 0 }));
  res.end();
}

/** A protected-resource error: the core's detail, or one the gateway raises itself (status 400). */
export interface BearerError {
  readonly error: string;
  readonly errorDescription: string;
  /** From the core's catalogue (RFC 6750 §3.1: `invalid_token` 401, `insufficient_scope` 403). */
  readonly httpStatus?: number;
}

/**
 * Sends a protected-resource error with its challenge and, for clients that read
 * bodies, the same code as JSON. Server errors carry no challenge.
 */
export function sendBearerError(
  res: ServerResponse,
  realm: string,
  { error, errorDescription: description, httpStatus }: BearerError,
  extraBody: Readonly<Record<string, unknown>> = {},
): void {
  const status = httpStatusOf({ httpStatus });
  const headers: Record<string, string> = { ...NO_STORE };
  if (status < 500) headers['WWW-Authenticate'] = bearerChallenge(realm, error, description);
  const body: Record<string, unknown> = { error, ...extraBody };
  if (description) body['error_description'] = description;
  sendJson(res, status, body, headers);
}
