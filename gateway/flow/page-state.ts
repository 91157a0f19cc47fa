import type { GatewayContext } from '../context.js';
import type { OtpSent } from '../pages/login-factors.js';
import type { BoundForm } from './page-form.js';

/** Form fields that may repeat in the login forms (the masked destinations of a sent OTP). */
export const PAGE_STATE_LISTS = ['sent_to'] as const;

/** What the login page showed, carried in its hidden fields so the next page shows the same. */
export interface PageState {
  /** The factor set shown (index into the transaction's `auth_factor_sets`). */
  factor?: number;
  /** The OTP already sent, if the page was asking for it. */
  otpSent?: OtpSent;
}

/**
 * Reads the page state from a bound form: `factor`, and for an OTP already sent
 * `otp_sent_at` (milliseconds, never in the future), `sent_to` (masked, at most 2) and
 * `individual_id`. These are display hints only: the core decides everything.
 */
export function readPageState(form: BoundForm, ctx: Pick<GatewayContext, 'now'>): PageState {
  const factor = /^\d{1,2}$/.test(form.params.get('factor')) ? Number(form.params.get('factor')) : undefined;
  const at = form.params.get('otp_sent_at');
  const individualId = form.params.get('individual_id');
  const sentAt = /^\d{1,15}$/.test(at) ? Math.min(Number(at), ctx.now()) : undefined;
  return Object.assign(
    {},
    factor !== undefined ? { factor } : {},
    sentAt !== undefined && individualId
      ? { otpSent: { individualId, sentTo: form.params.all('sent_to').slice(0, 2).map((d) => d.slice(0, 64)), at: sentAt } }
      : {},
  );
}
