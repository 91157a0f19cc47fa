import type { ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.js';
import { coreFailure } from '../errors/core-error.js';
import { errorRedirectUrl, pageStatus, sendFlowError } from '../errors/flow-error.js';
import { sendErrorPage } from '../pages/error-page.js';
import type { Translator } from '../i18n/catalogue.js';
import { pageTranslator } from '../i18n/request-locale.js';
import { sendLoginPage, type LoginView, type Notice } from '../pages/login-page.js';
import { residentMessage, residentText, waitText } from '../pages/resident-messages.js';

function attemptsText(tr: Translator, left: number | undefined): string {
  return left === undefined ? '' : ` ${tr.t('retry.attemptsLeft', { count: left })}`;
}

/**
 * Renders a failed SendOtp or Authenticate from what the core's detail says,
 * in words chosen by the error code (never the relying party's description):
 * - the transaction's attempts are spent (`attempts_remaining` 0), or the code
 *   stops the login (a lock): a page saying so, with a link back to the
 *   application when the core verified one;
 * - the resident can fix it (`user_fixable`, from the core's catalogue) or has
 *   attempts left: the login page again, with the attempts left or how long to
 *   wait;
 * - a dependency (the identity system) could not answer: the login page again,
 *   as 503 with `Retry-After`, so the resident tries again in this transaction
 *   (the core charged no attempt);
 * - anything else: the general flow error (page, or redirect to the client).
 * A wait is also sent as `Retry-After` (RFC 9110 §10.2.3).
 */
export async function sendLoginFailure(
  res: ServerResponse,
  ctx: GatewayContext,
  err: unknown,
  rpc: string,
  retry: Omit<LoginView, 'transaction' | 'notice' | 'basePath'> & { transactionId: string },
): Promise<void> {
  const failure = coreFailure(err, ctx.logger, rpc);
  const { detail } = failure;
  if (detail.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(detail.retryAfterSeconds));
  const spent = detail.attemptsRemaining === 0;
  const words = residentMessage(spent ? 'no_attempts_left' : detail.error, detail.attemptsRemaining !== undefined);
  if (!failure.unexpected && (spent || words.stopsLogin)) {
    const returnUrl = errorRedirectUrl(detail);
    // 429 Too Many Requests (RFC 6585 §4) once no attempt is left, whatever the last refusal was.
    const tr = pageTranslator();
    sendErrorPage(res, spent ? 429 : pageStatus(detail), {
      tr,
      title: words.title,
      message: words.text,
      values: { wait: waitText(tr, detail.retryAfterSeconds ?? 1) },
      code: detail.error,
      ...(returnUrl ? { returnUrl } : {}),
    });
    return;
  }
  const retryable = !failure.unexpected && (detail.userFixable || (detail.attemptsRemaining ?? 0) > 0 || detail.error === 'temporarily_unavailable');
  if (!retryable) {
    sendFlowError(res, failure, 303);
    return;
  }
  try {
    const { transaction } = await ctx.client.getTransaction({
      transactionId: retry.transactionId,
      csrfToken: retry.csrfToken,
    });
    if (!transaction) throw new Error('GetTransaction returned no transaction');
    const notice: Notice = { kind: 'error', text: (tr) => residentText(tr, words, detail.retryAfterSeconds) + attemptsText(tr, detail.attemptsRemaining) };
    sendLoginPage(res, pageStatus(detail), Object.assign({}, retry, { transaction, basePath: ctx.basePath, notice, resendDelaySeconds: ctx.otpResendDelaySeconds, now: ctx.now() }));
  } catch (reloadErr) {
    res.removeHeader('Retry-After');
    sendFlowError(res, coreFailure(reloadErr, ctx.logger, 'GetTransaction'), 303);
  }
}
