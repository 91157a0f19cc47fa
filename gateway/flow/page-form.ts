import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.js';
import { FORM_TYPE, mediaType, readForm } from '../http/body.js';
import { parseParams, type Params } from '../http/params.js';
import { sendErrorPage, sendForbiddenPage } from '../pages/error-page.js';
import { cookieMatches } from './transaction-cookie.js';

/** A page form that passed the binding checks. */
export interface BoundForm {
  transactionId: string;
  csrfToken: string;
  params: Params;
}

/**
 * Reads a login or consent form and checks, before anything reaches the core,
 * that it carries a transaction id and its CSRF token and that this browser's
 * cookie is bound to that transaction. Answers 400 (malformed) or 403 (not
 * bound) itself and returns undefined then.
 */
export async function readBoundForm(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: GatewayContext,
  multiValued: readonly string[] = [],
): Promise<BoundForm | undefined> {
  if (mediaType(req) !== FORM_TYPE) {
    sendErrorPage(res, 415, { title: 'error.unsupportedForm', message: 'error.notForm' });
    return undefined;
  }
  const parsed = parseParams(await readForm(req, ctx.limits.formBytes), multiValued);
  if (!parsed.ok) {
    sendErrorPage(res, 400, { title: 'error.title', message: 'error.repeatedField', values: { field: parsed.duplicate }, code: 'invalid_request' });
    return undefined;
  }
  const transactionId = parsed.params.get('transaction_id');
  const csrfToken = parsed.params.get('csrf_token');
  if (!transactionId || !csrfToken || !cookieMatches(req, ctx, transactionId, csrfToken)) {
    ctx.logger.warn('page form refused: missing CSRF token or cookie binding', {
      path: req.url?.split('?')[0],
      hasTransaction: transactionId !== '',
      hasCsrf: csrfToken !== '',
    });
    sendForbiddenPage(res);
    return undefined;
  }
  return { transactionId, csrfToken, params: parsed.params };
}
