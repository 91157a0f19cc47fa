import type { ExchangeTokenResponse } from '../../src/gen/signet/v1/identity_pb.js';
import type { Handler } from '../context.js';
import { coreFailure } from '../errors/core-error.js';
import { sendTokenError } from '../errors/token-error.js';
import { FORM_TYPE, mediaType, readForm } from '../http/body.js';
import { parseParams } from '../http/params.js';
import { NO_STORE, sendJson } from '../http/respond.js';

/** Whether the request carries HTTP Basic client credentials (RFC 6749 §2.3.1). */
function hasBasicAuth(authorization: string | undefined): boolean {
  return /^basic(\s|$)/i.test(authorization?.trim() ?? '');
}

/** The token response body (RFC 6749 §5.1), optional members only when set. */
function tokenBody(r: ExchangeTokenResponse): Record<string, unknown> {
  const body: Record<string, unknown> = {
    access_token: r.accessToken,
    token_type: r.tokenType,
    expires_in: Number(r.expiresIn),
  };
  if (r.idToken) body['id_token'] = r.idToken;
  if (r.scope) body['scope'] = r.scope;
  if (r.cNonce) body['c_nonce'] = r.cNonce;
  if (r.cNonce && r.cNonceExpiresIn > 0n) body['c_nonce_expires_in'] = Number(r.cNonceExpiresIn);
  // RFC 9396 §7: `authorization_details` is a JSON array in the response.
  if (r.authorizationDetails) body['authorization_details'] = JSON.parse(r.authorizationDetails) as unknown;
  return body;
}

/**
 * The token endpoint (RFC 6749 §4.1.3, OIDC Core §3.1.3). Form-encoded only
 * (RFC 6749 §4.1.3 / Appendix B), no repeated parameters (§3.1), fields passed
 * as sent to ExchangeToken; a Basic `Authorization` header is reported so the
 * core can refuse it with `invalid_client`. Responses are `no-store` (§5.1).
 */
export const token: Handler = async (req, res, ctx) => {
  if (mediaType(req) !== FORM_TYPE) {
    sendTokenError(res, { error: 'invalid_request', errorDescription: `Content-Type must be ${FORM_TYPE}` });
    return;
  }
  const parsed = parseParams(await readForm(req, ctx.limits.formBytes), ['resource']);
  if (!parsed.ok) {
    sendTokenError(res, {
      error: 'invalid_request',
      errorDescription: `parameter ${parsed.duplicate} was sent more than once`,
    });
    return;
  }
  const p = parsed.params;
  const basic = hasBasicAuth(req.headers.authorization);
  try {
    const response = await ctx.client.exchangeToken({
      grantType: p.get('grant_type'),
      code: p.get('code'),
      redirectUri: p.get('redirect_uri'),
      codeVerifier: p.get('code_verifier'),
      clientId: p.get('client_id'),
      clientAssertionType: p.get('client_assertion_type'),
      clientAssertion: p.get('client_assertion'),
      resource: p.all('resource'),
      httpBasicAuthPresent: basic,
    });
    sendJson(res, 200, tokenBody(response), NO_STORE);
  } catch (err) {
    sendTokenError(res, coreFailure(err, ctx.logger, 'ExchangeToken').detail, basic);
  }
};
