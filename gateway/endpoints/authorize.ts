import type { IncomingMessage, ServerResponse } from 'node:http';
import { TransactionState, type AuthorizeRequest } from '../../src/gen/signet/v1/identity_pb.js';
import type { GatewayContext, Handler } from '../context.js';
import { withUiLocales } from '../i18n/request-locale.js';
import { coreFailure } from '../errors/core-error.js';
import { sendFlowError } from '../errors/flow-error.js';
import { FORM_TYPE, mediaType, readForm } from '../http/body.js';
import { oversizedParameter } from '../http/param-limits.js';
import { parseParams, type Params } from '../http/params.js';
import { sendErrorPage } from '../pages/error-page.js';
import { sendLoginPage } from '../pages/login-page.js';
import { finishLogin } from '../flow/finish-login.js';
import { boundToRequest, setTransactionCookie } from '../flow/transaction-cookie.js';

/** `resource` may repeat (RFC 8707 §2); every other parameter may not. */
const MULTI = ['resource'] as const;

function toRequest(p: Params): Omit<AuthorizeRequest, '$typeName'> {
  return {
    clientId: p.get('client_id'),
    redirectUri: p.get('redirect_uri'),
    responseType: p.get('response_type'),
    scope: p.get('scope'),
    state: p.get('state'),
    nonce: p.get('nonce'),
    codeChallenge: p.get('code_challenge'),
    codeChallengeMethod: p.get('code_challenge_method'),
    acrValues: p.get('acr_values'),
    claims: p.get('claims'),
    claimsLocales: p.get('claims_locales'),
    uiLocales: p.get('ui_locales'),
    prompt: p.get('prompt'),
    maxAge: p.get('max_age'),
    display: p.get('display'),
    resource: p.all('resource'),
    authorizationDetails: p.get('authorization_details'),
    responseMode: p.get('response_mode'),
    request: p.get('request'),
    requestUri: p.get('request_uri'),
  };
}

async function readParams(req: IncomingMessage, ctx: GatewayContext): Promise<URLSearchParams | undefined> {
  if (req.method === 'GET') return new URL(req.url ?? '/', 'http://gateway').searchParams;
  // OIDC Core §3.1.2.1: POST uses form serialization (the body), not the query.
  if (mediaType(req) !== FORM_TYPE) return undefined;
  return readForm(req, ctx.limits.formBytes);
}

/**
 * The authorization endpoint (OIDC Core §3.1.2.1, RFC 6749 §4.1.1), GET and
 * POST. Passes the parameters to Authorize untouched; on success binds the new
 * transaction to this browser (one binding per transaction, so logins in several
 * tabs coexist) and shows the login page. The same request again in the same
 * browser — a reload of the login page — shows its open transaction again. A repeated parameter is
 * `invalid_request` (RFC 6749 §3.1), shown on a page: the gateway cannot tell
 * whether the redirect URI is genuine, so it never redirects on its own.
 */
export const authorize: Handler = async (req, res, ctx) => {
  const search = await readParams(req, ctx);
  if (!search) {
    sendErrorPage(res, 400, { title: 'error.title', message: 'error.authorizeForm', code: 'invalid_request' });
    return;
  }
  const parsed = parseParams(search, MULTI);
  if (!parsed.ok) {
    sendErrorPage(res, 400, { title: 'error.title', message: 'error.repeatedParameter', values: { field: parsed.duplicate }, code: 'invalid_request' });
    return;
  }
  const oversized = oversizedParameter(parsed.params);
  if (oversized) {
    sendErrorPage(res, 400, {
      title: 'error.title',
      message: oversized.kind === 'length' ? 'error.parameterTooLong' : 'error.parameterTooMany',
      values: { field: oversized.name, n: oversized.max },
      code: 'invalid_request',
    });
    return;
  }
  const raw = search.toString();
  // A page before there is a transaction (a refusal) is in the language the request asked for.
  await withUiLocales(parsed.params.get('ui_locales'), async () => {
    if (await showBoundTransaction(req, res, ctx, raw)) return;
    await openTransaction(req, res, ctx, toRequest(parsed.params), raw, req.method === 'GET' ? 302 : 303);
  });
};

/**
 * When this browser already opened a transaction for exactly this request and it is still at
 * the login or consent step, shows that step again and answers true. A second Authorize would
 * open another transaction — and refuse the request's nonce as a replay.
 */
async function showBoundTransaction(req: IncomingMessage, res: ServerResponse, ctx: GatewayContext, raw: string): Promise<boolean> {
  const bound = boundToRequest(req, ctx, raw);
  if (!bound) return false;
  let transaction;
  try {
    ({ transaction } = await ctx.client.getTransaction(bound));
  } catch {
    return false; // expired or used: the request is handled as new
  }
  if (transaction?.state === TransactionState.CREATED) {
    sendLoginPage(res, 200, { transaction, csrfToken: bound.csrfToken, basePath: ctx.basePath, now: ctx.now() });
    return true;
  }
  if (transaction?.state === TransactionState.AUTHENTICATED) {
    await finishLogin(res, ctx, transaction, bound.csrfToken);
    return true;
  }
  return false;
}

async function openTransaction(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: GatewayContext,
  request: Omit<AuthorizeRequest, '$typeName'>,
  raw: string,
  redirectStatus: 302 | 303,
): Promise<void> {
  try {
    const { transaction } = await ctx.client.authorize(request);
    if (!transaction) throw new Error('Authorize returned no transaction');
    setTransactionCookie(req, res, ctx, transaction, raw);
    sendLoginPage(res, 200, { transaction, csrfToken: transaction.csrfToken, basePath: ctx.basePath, now: ctx.now() });
  } catch (err) {
    sendFlowError(res, coreFailure(err, ctx.logger, 'Authorize'), redirectStatus);
  }
}
