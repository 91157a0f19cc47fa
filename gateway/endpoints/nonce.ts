import type { Handler } from '../context.js';
import { coreFailure } from '../errors/core-error.js';
import { sendCredentialError } from '../errors/credential-error.js';
import { NO_STORE, sendJson } from '../http/respond.js';

/**
 * The nonce endpoint (OpenID4VCI 1.0 §7): `POST`, no body, answers
 * `{c_nonce}` with `Cache-Control: no-store` (§7.2). `c_nonce_expires_in` is
 * added when the core gives a lifetime (draft 13 carried it; 1.0 wallets ignore
 * unknown members).
 */
export const nonce: Handler = async (_req, res, ctx) => {
  try {
    const r = await ctx.client.createCredentialNonce({});
    const body: Record<string, unknown> = { c_nonce: r.cNonce };
    if (r.cNonceExpiresIn > 0n) body['c_nonce_expires_in'] = Number(r.cNonceExpiresIn);
    sendJson(res, 200, body, NO_STORE);
  } catch (err) {
    sendCredentialError(res, ctx.publicUrl.origin, coreFailure(err, ctx.logger, 'CreateCredentialNonce').detail);
  }
};
