import type { Handler } from '../context.js';
import { sendLoginFailure } from '../flow/login-failure.js';
import { readBoundForm } from '../flow/page-form.js';
import { PAGE_STATE_LISTS, readPageState } from '../flow/page-state.js';
import { sendLoginPage } from '../pages/login-page.js';

/**
 * `POST /login/otp/send`: the "Send OTP" button. Form fields `transaction_id`,
 * `csrf_token`, `individual_id`, optional `otp_channel` (repeatable: `email`,
 * `phone`). Calls SendOtp, then shows the login page asking for the code and
 * where it went (the masked address from the core), from the transaction SendOtp returns.
 */
export const loginOtpSend: Handler = async (req, res, ctx) => {
  const form = await readBoundForm(req, res, ctx, ['otp_channel', ...PAGE_STATE_LISTS]);
  if (!form) return;
  const individualId = form.params.get('individual_id');
  const { factor } = readPageState(form, ctx);
  const base = { transactionId: form.transactionId, csrfToken: form.csrfToken, individualId, ...(factor !== undefined ? { factor } : {}) };
  try {
    const sent = await ctx.client.sendOtp({
      transactionId: form.transactionId,
      csrfToken: form.csrfToken,
      individualId,
      otpChannels: form.params.all('otp_channel'),
    });
    const sentTo = [sent.maskedMobile, sent.maskedEmail].filter(Boolean);
    // The answer carries the transaction; a core that leaves it out is asked for it.
    const transaction = sent.transaction ?? (await ctx.client.getTransaction({ transactionId: form.transactionId, csrfToken: form.csrfToken })).transaction;
    if (!transaction) throw new Error('GetTransaction returned no transaction');
    sendLoginPage(res, 200, {
      transaction,
      csrfToken: form.csrfToken,
      basePath: ctx.basePath,
      individualId,
      otpSent: { individualId, sentTo, at: ctx.now() },
      ...(factor !== undefined ? { factor } : {}),
      resendDelaySeconds: ctx.otpResendDelaySeconds,
      now: ctx.now(),
      // Without masked contacts (the default) every ID gets this same page, registered or not.
      notice: {
        kind: 'info',
        text: (tr) => (sentTo.length ? tr.t('otp.onItsWayTo', { destination: new Intl.ListFormat(tr.locale, { type: 'conjunction' }).format(sentTo) }) : tr.t('otp.ifRegistered')),
      },
    });
  } catch (err) {
    await sendLoginFailure(res, ctx, err, 'SendOtp', base);
  }
};
