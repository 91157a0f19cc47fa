import type { ServerResponse } from 'node:http';
import type { ErrorDetail } from '../../src/gen/signet/v1/error_pb.js';
import { NO_STORE, sendJson } from '../http/respond.js';
import { sendBearerError } from './bearer-error.js';
import { httpStatusOf } from './core-error.js';

/**
 * Renders a credential or nonce endpoint error. Access token problems — the
 * catalogue's 401 and 403 — are RFC 6750 errors with `WWW-Authenticate`
 * (OpenID4VCI 1.0 §8.3.1 defers to it); the credential request errors of §8.3.1.2
 * (`invalid_credential_request`, `unknown_credential_configuration`,
 * `invalid_proof`, `invalid_nonce`, …) are 400 JSON. A fresh `c_nonce` offered
 * with the error (draft 13 §7.3.2) is passed on.
 */
export function sendCredentialError(res: ServerResponse, realm: string, detail: ErrorDetail): void {
  const extra: Record<string, unknown> = {};
  if (detail.cNonce) {
    extra['c_nonce'] = detail.cNonce;
    if (detail.cNonceExpiresIn > 0n) extra['c_nonce_expires_in'] = Number(detail.cNonceExpiresIn);
  }
  const status = httpStatusOf(detail);
  if (status === 401 || status === 403) {
    sendBearerError(res, realm, detail, extra);
    return;
  }
  const body: Record<string, unknown> = { error: detail.error };
  if (detail.errorDescription) body['error_description'] = detail.errorDescription;
  sendJson(res, status, Object.assign({}, body, extra), NO_STORE);
}
