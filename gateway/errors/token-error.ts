import type { ServerResponse } from 'node:http';
import type { ErrorDetail } from '../../src/gen/signet/v1/error_pb.js';
import { NO_STORE, sendJson } from '../http/respond.js';
import { httpStatusOf } from './core-error.js';

/**
 * Renders a token endpoint error (RFC 6749 §5.2): JSON `{error,
 * error_description}`, `no-store`, with the status the core's catalogue gives
 * the code (400, `invalid_client` 401).
 *
 * A 401 must carry a `WWW-Authenticate` challenge (RFC 9110 §11.6.1). When the
 * client sent credentials in the `Authorization` header, §5.2 requires the
 * challenge of the scheme it used, so a Basic attempt is answered with `Basic`
 * (and refused: Signet authenticates clients by private_key_jwt only). Otherwise
 * the challenge names what the endpoint accepts — `private_key_jwt` (RFC 7523
 * §2.2, OIDC Core §9) — rather than `Bearer`, which would wrongly invite a bearer
 * token; clients that do not know the scheme simply read the JSON body.
 */
export function sendTokenError(
  res: ServerResponse,
  detail: Pick<ErrorDetail, 'error' | 'errorDescription'> & { readonly httpStatus?: number },
  basicAuthAttempted = false,
): void {
  const headers: Record<string, string> = { ...NO_STORE };
  const status = httpStatusOf(detail);
  if (status === 401) {
    headers['WWW-Authenticate'] = basicAuthAttempted
      ? 'Basic realm="signet", charset="UTF-8"'
      : 'private_key_jwt realm="signet", error="invalid_client"';
  }
  sendJson(res, status, oauthErrorBody(detail), headers);
}

/** The `{error, error_description}` body, omitting an empty description. */
export function oauthErrorBody(detail: Pick<ErrorDetail, 'error' | 'errorDescription'>): Record<string, string> {
  const body: Record<string, string> = { error: detail.error };
  if (detail.errorDescription) body['error_description'] = detail.errorDescription;
  return body;
}
