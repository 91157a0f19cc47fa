import type { ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.js';
import { coreFailure } from '../errors/core-error.js';
import { errorRedirectUrl, sendFlowError } from '../errors/flow-error.js';
import { sendErrorPage } from '../pages/error-page.js';
import { sendLoginPage, type LoginView } from '../pages/login-page.js';

/** Errors after which the individual cannot try again in this transaction. */
const BLOCKED = new Set(['no_attempts_left', 'individual_id_blocked']);

/** Friendlier words for the errors a user can fix by trying again. */
const RETRY_TEXT: Readonly<Record<string, string>> = {
  auth_failed: 'The details you entered do not match our records. Check them and try again.',
  invalid_otp: 'That code is not correct or has expired.',
  invalid_pin: 'That PIN is not correct.',
  invalid_individual_id: 'That ID number is not valid.',
  send_otp_failed: 'We could not send a code. Try again.',
  biometric_verification_failed: 'The biometric capture could not be verified. Capture again on a certified device.',
};

/** Fields whose validation errors the user can correct on the page. */
const USER_FIELDS = new Set(['individual_id', 'challenges', 'otp', 'pin', 'otp_channels']);

function attemptsText(left: number | undefined): string {
  if (left === undefined) return '';
  return left === 1 ? ' 1 attempt left.' : ` ${left} attempts left.`;
}

/**
 * Renders a failed SendOtp or Authenticate: the login page again with a clear
 * message and the attempts left when the user may retry; a "blocked" page when
 * the attempts are spent or the individual is blocked; otherwise the general
 * flow error (page or redirect to the client).
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
  if (BLOCKED.has(detail.error) || detail.attemptsRemaining === 0) {
    const returnUrl = errorRedirectUrl(detail);
    sendErrorPage(res, detail.error === 'individual_id_blocked' ? 403 : 429, {
      title: 'Login blocked',
      message:
        detail.error === 'individual_id_blocked'
          ? 'This ID is blocked from logging in for now. Contact the registration authority, or try again later.'
          : 'Too many attempts. For your security this login has been stopped; start again from the application.',
      code: detail.error,
      ...(returnUrl ? { returnUrl } : {}),
    });
    return;
  }
  const retryable =
    !failure.unexpected &&
    (detail.attemptsRemaining !== undefined ||
      detail.error in RETRY_TEXT ||
      (detail.error === 'invalid_request' && USER_FIELDS.has(detail.field)));
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
    const text = (RETRY_TEXT[detail.error] ?? detail.errorDescription) + attemptsText(detail.attemptsRemaining);
    sendLoginPage(res, 400, { ...retry, transaction, basePath: ctx.basePath, notice: { kind: 'error', text } });
  } catch (reloadErr) {
    sendFlowError(res, coreFailure(reloadErr, ctx.logger, 'GetTransaction'), 303);
  }
}
