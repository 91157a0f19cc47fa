import type { IssueCredentialResponse, IssuedCredential } from '../../src/gen/signet/v1/identity_pb.js';
import type { Handler } from '../context.js';
import { sendBearerError, sendMissingToken } from '../errors/bearer-error.js';
import { coreFailure } from '../errors/core-error.js';
import { sendCredentialError } from '../errors/credential-error.js';
import { mediaType, readBody } from '../http/body.js';
import { headerToken } from '../http/bearer-token.js';
import { NO_STORE, sendJson } from '../http/respond.js';
import { parseCredentialRequest } from './credential-request.js';

function credentialValue(c: IssuedCredential): unknown {
  return c.credential.case === undefined ? null : c.credential.value;
}

/**
 * The response body: draft 13 §7.3 `{credential, c_nonce, c_nonce_expires_in}`
 * (or `credentials` for several proofs) when the request was draft 13, else
 * OpenID4VCI 1.0 §8.3 `{credentials: [{credential}]}`.
 */
function responseBody(r: IssueCredentialResponse, draft13: boolean): Record<string, unknown> {
  if (!draft13) return { credentials: r.credentials.map((c) => ({ credential: credentialValue(c) })) };
  const body: Record<string, unknown> =
    r.credentials.length === 1
      ? { credential: credentialValue(r.credentials[0]!) }
      : { credentials: r.credentials.map(credentialValue) };
  if (r.cNonce) body['c_nonce'] = r.cNonce;
  if (r.cNonce && r.cNonceExpiresIn > 0n) body['c_nonce_expires_in'] = Number(r.cNonceExpiresIn);
  return body;
}

/**
 * The credential endpoint (OpenID4VCI 1.0 §8; draft 13 §7). Bearer access
 * token in the `Authorization` header (RFC 6750 §2.1), `application/json` body
 * (encrypted requests are not supported). Errors per §8.3.1.
 */
export const credential: Handler = async (req, res, ctx) => {
  const realm = ctx.publicUrl.origin;
  const found = headerToken(req);
  if (found.kind === 'missing') {
    sendMissingToken(res, realm);
    return;
  }
  if (found.kind === 'malformed') {
    sendBearerError(res, realm, { error: 'invalid_request', errorDescription: found.description });
    return;
  }
  const invalid = (description: string): void =>
    sendJson(res, 400, { error: 'invalid_credential_request', error_description: description }, NO_STORE);
  if (mediaType(req) !== 'application/json') {
    invalid('Content-Type must be application/json');
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, ctx.limits.jsonBytes)).toString('utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) {
      invalid('the request body is not valid JSON');
      return;
    }
    throw err;
  }
  const parsed = parseCredentialRequest(body);
  if (!parsed.ok) {
    invalid(parsed.description);
    return;
  }
  try {
    const issued = await ctx.client.issueCredential(Object.assign({}, parsed.request, { accessToken: found.token }));
    sendJson(res, 200, responseBody(issued, parsed.draft13), NO_STORE);
  } catch (err) {
    sendCredentialError(res, realm, coreFailure(err, ctx.logger, 'IssueCredential').detail);
  }
};
