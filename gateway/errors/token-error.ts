import type { ServerResponse } from 'node:http';
import type { ErrorDetail } from '../../src/gen/signet/v1/error_pb.js';
import { NO_STORE, sendJson } from '../http/respond.js';
import { serverStatus } from './core-error.js';

/**
 * Renders a token endpoint error (RFC 6749 §5.2): JSON `{error,
 * error_description}`, `no-store`, status 400 — except `invalid_client`, 401.
 *
 * §5.2 says that when the client tried to authenticate with the `Authorization`
 * header the server MUST answer 401 with a `WWW-Authenticate` challenge for the
 * scheme the client used; Signet refuses header credentials (private_key_jwt
 * only), so when a Basic header came we still answer with the `Basic` challenge
 * §5.2 requires. For a failed client assertion (credentials in the body) §5.2
 * only says the server MAY answer 401; there is no HTTP authentication scheme
 * for `private_key_jwt` to challenge with, so no `WWW-Authenticate` is sent —
 * a `Bearer` challenge would wrongly invite a bearer token.
 */
export function sendTokenError(
  res: ServerResponse,
  detail: Pick<ErrorDetail, 'error' | 'errorDescription'>,
  basicAuthAttempted = false,
): void {
  const headers: Record<string, string> = { ...NO_STORE };
  let status = serverStatus(detail.error) ?? 400;
  if (detail.error === 'invalid_client') {
    status = 401;
    if (basicAuthAttempted) headers['WWW-Authenticate'] = 'Basic realm="signet", charset="UTF-8"';
  }
  sendJson(res, status, oauthErrorBody(detail), headers);
}

/** The `{error, error_description}` body, omitting an empty description. */
export function oauthErrorBody(detail: Pick<ErrorDetail, 'error' | 'errorDescription'>): Record<string, string> {
  const body: Record<string, string> = { error: detail.error };
  if (detail.errorDescription) body['error_description'] = detail.errorDescription;
  return body;
}
