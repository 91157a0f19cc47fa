import type { Handler } from '../context.js';
import { sendBearerError, sendMissingToken } from '../errors/bearer-error.js';
import { coreFailure } from '../errors/core-error.js';
import { FORM_TYPE, mediaType, readForm } from '../http/body.js';
import { headerToken, type BearerToken } from '../http/bearer-token.js';
import { parseParams } from '../http/params.js';
import { NO_STORE, sendBody } from '../http/respond.js';

/**
 * Finds the access token: the `Authorization` header (RFC 6750 §2.1) or, for a
 * form POST, the `access_token` body parameter (§2.2). Using more than one
 * method, or the URI query (§2.3, not supported: tokens in URLs end up in
 * logs), is `invalid_request` (§2: "MUST NOT use more than one method").
 */
async function findToken(req: Parameters<Handler>[0], limit: number): Promise<BearerToken> {
  const fromHeader = headerToken(req);
  const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
  if (query.has('access_token')) {
    return { kind: 'malformed', description: 'the access token must not be sent in the URI query' };
  }
  if (req.method !== 'POST' || mediaType(req) !== FORM_TYPE) return fromHeader;
  const parsed = parseParams(await readForm(req, limit));
  if (!parsed.ok) return { kind: 'malformed', description: `parameter ${parsed.duplicate} was sent more than once` };
  const fromBody = parsed.params.get('access_token');
  if (!fromBody) return fromHeader;
  if (req.headers.authorization !== undefined) {
    return { kind: 'malformed', description: 'the access token was sent by more than one method' };
  }
  return { kind: 'token', token: fromBody };
}

/**
 * The userinfo endpoint (OIDC Core §5.3), GET and POST. Success returns the
 * core's JWT as `application/jwt` (§5.3.2 signed/encrypted response); errors
 * follow RFC 6750 §3 (`WWW-Authenticate: Bearer`, 401 `invalid_token`).
 */
export const userinfo: Handler = async (req, res, ctx) => {
  const realm = ctx.publicUrl.origin;
  const found = await findToken(req, ctx.limits.formBytes);
  if (found.kind === 'missing') {
    sendMissingToken(res, realm);
    return;
  }
  if (found.kind === 'malformed') {
    sendBearerError(res, realm, { error: 'invalid_request', errorDescription: found.description });
    return;
  }
  try {
    const info = await ctx.client.getUserInfo({ accessToken: found.token });
    sendBody(res, 200, info.contentType || 'application/jwt', info.body, NO_STORE);
  } catch (err) {
    sendBearerError(res, realm, coreFailure(err, ctx.logger, 'GetUserInfo').detail);
  }
};
