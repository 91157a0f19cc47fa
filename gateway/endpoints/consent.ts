import type { Handler } from '../context.js';
import { coreFailure } from '../errors/core-error.js';
import { sendFlowError } from '../errors/flow-error.js';
import { issueCode } from '../flow/finish-login.js';
import { readBoundForm } from '../flow/page-form.js';
import { clearTransactionCookie } from '../flow/transaction-cookie.js';
import { redirect } from '../http/respond.js';
import { sendErrorPage } from '../pages/error-page.js';

/**
 * `POST /consent`: the consent page's form. Fields `transaction_id`,
 * `csrf_token`, `action` (`allow` | `deny`), repeatable `claim` (accepted
 * claims) and `scope` (permitted authorize scopes). `allow` → IssueCode and a
 * 303 to the client with the code; `deny` → DenyAuthorization and a 303 with
 * `error=access_denied` (RFC 6749 §4.1.2.1).
 */
export const consent: Handler = async (req, res, ctx) => {
  const form = await readBoundForm(req, res, ctx, ['claim', 'scope']);
  if (!form) return;
  const action = form.params.get('action');
  if (action === 'deny') {
    try {
      const denied = await ctx.client.denyAuthorization({
        transactionId: form.transactionId,
        csrfToken: form.csrfToken,
      });
      clearTransactionCookie(res, ctx, form.transactionId);
      redirect(res, 303, denied.redirectUrl);
    } catch (err) {
      sendFlowError(res, coreFailure(err, ctx.logger, 'DenyAuthorization'), 303);
    }
    return;
  }
  // Anything but an explicit "deny" that is not "allow" is a broken form.
  if (action !== 'allow') {
    sendErrorPage(res, 400, { title: 'error.title', message: 'error.consentChoice', code: 'invalid_request' });
    return;
  }
  await issueCode(res, ctx, form.transactionId, form.csrfToken, form.params.all('claim'), form.params.all('scope'));
};
