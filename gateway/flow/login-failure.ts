import type { ServerResponse } from 'node:http';
import type { ErrorDetail } from '../../src/gen/signet/v1/error_pb.js';
import type { GatewayContext } from '../context.js';
import { coreFailure } from '../errors/core-error.js';
import { errorRedirectUrl, sendFlowError } from '../errors/flow-error.js';
import { sendErrorPage } from '../pages/error-page.js';
import { sendLoginPage, type LoginView } from '../pages/login-page.js';

/**
 * What a resident reads for the errors they can fix by trying again, chosen by code: the
 * core's `error_description` is written for relying-party developers and is never shown.
 */
const RETRY_TEXT: Readonly<Record<string, string>> = {
  auth_failed: 'The details you entered do not match our records. Check them and try again.',
  invalid_identifier: 'Enter a valid ID number: letters and digits (spaces and hyphens are ignored).',
  invalid_challenge: 'Check what you entered: a PIN is 6 digits and a one-time code 6 letters or digits.',
  send_otp_failed: 'We could not send a code. Try again.',
  biometric_verification_failed: 'The biometric capture could not be verified. Capture again on a certified device.',
};

/** Field-level request errors a resident can correct on the page. */
const FIELD_TEXT: Readonly<Record<string, string>> = {
  individual_id: RETRY_TEXT['invalid_identifier']!,
  otp: 'Enter the one-time code you received.',
  pin: 'Enter your 6-digit PIN.',
  challenges: RETRY_TEXT['invalid_challenge']!,
  otp_channels: 'Choose e-mail or phone for the code.',
};

function attemptsText(left: number | undefined): string {
  if (left === undefined) return '';
  return left === 1 ? ' 1 attempt left.' : ` ${left} attempts left.`;
}

/** "45 seconds", "5 minutes", "23 hours": rounded up, so the resident never comes back too early. */
export function waitText(seconds: number): string {
  if (seconds < 120) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  if (seconds < 7200) return `${Math.ceil(seconds / 60)} minutes`;
  return `${Math.ceil(seconds / 3600)} hours`;
}

/** The resident's message for a failure they may retry, or undefined when it is not one. */
function retryText(detail: ErrorDetail): string | undefined {
  if (detail.error === 'too_early_attempt') {
    return `Too many attempts for this ID. For your security, try again in ${waitText(detail.retryAfterSeconds ?? 1)}.`;
  }
  const text =
    RETRY_TEXT[detail.error] ??
    (detail.error === 'invalid_request' ? FIELD_TEXT[detail.field] : undefined) ??
    // Any other refusal that spent an attempt was about what the resident entered or captured.
    (detail.attemptsRemaining !== undefined ? 'Check what you entered and try again.' : undefined);
  return text === undefined ? undefined : text + attemptsText(detail.attemptsRemaining);
}

/**
 * Renders a failed SendOtp or Authenticate: the login page again with a clear message (and the
 * attempts left, or how long to wait) when the resident may retry; a "blocked" page when the
 * transaction's attempts are spent or the individual is locked; otherwise the general flow
 * error (page or redirect to the client). Waits are also sent as `Retry-After` (RFC 9110 §10.2.3).
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
  if (detail.error === 'individual_id_blocked' || detail.error === 'no_attempts_left' || detail.attemptsRemaining === 0) {
    const returnUrl = errorRedirectUrl(detail);
    sendErrorPage(res, 429, {
      title: 'Login blocked',
      message:
        detail.error === 'individual_id_blocked'
          ? `This ID is locked after too many failed attempts. Try again in ${waitText(detail.retryAfterSeconds ?? 1)}, or contact the registration authority.`
          : 'Too many attempts. For your security this login has been stopped; start again from the application.',
      code: detail.error,
      ...(returnUrl ? { returnUrl } : {}),
    });
    return;
  }
  const text = failure.unexpected ? undefined : retryText(detail);
  if (text === undefined) {
    sendFlowError(res, failure, 303);
    return;
  }
  try {
    const { transaction } = await ctx.client.getTransaction({
      transactionId: retry.transactionId,
      csrfToken: retry.csrfToken,
    });
    if (!transaction) throw new Error('GetTransaction returned no transaction');
    const status = detail.error === 'too_early_attempt' ? 429 : 400;
    sendLoginPage(res, status, { ...retry, transaction, basePath: ctx.basePath, notice: { kind: 'error', text } });
  } catch (reloadErr) {
    res.removeHeader('Retry-After');
    sendFlowError(res, coreFailure(reloadErr, ctx.logger, 'GetTransaction'), 303);
  }
}
