import type { Handler } from '../context.js';
import { coreFailure } from '../errors/core-error.js';
import { sendFlowError } from '../errors/flow-error.js';
import { readBoundForm } from '../flow/page-form.js';
import { PAGE_STATE_LISTS, readPageState } from '../flow/page-state.js';
import { supportedLocale } from '../i18n/catalogue.js';
import { rememberLanguage, withChosenLanguage } from '../i18n/request-locale.js';
import { sendConsentPage } from '../pages/consent-page.js';
import { sendLoginPage } from '../pages/login-page.js';

/**
 * `POST /login/view`: the language switcher and the factor tabs. Shows the same page of the
 * same transaction again — in another language (`lang`, remembered in a cookie) or with another
 * way to log in (`factor`) — keeping what it showed (an OTP already sent). Bound like every page
 * form (cookie and CSRF token); it changes nothing in the core, so it spends no attempt.
 */
export const loginView: Handler = async (req, res, ctx) => {
  const form = await readBoundForm(req, res, ctx, PAGE_STATE_LISTS);
  if (!form) return;
  const lang = supportedLocale(form.params.get('lang'));
  if (lang) rememberLanguage(res, lang, ctx.secureCookies);
  try {
    const { transaction } = await ctx.client.getTransaction({ transactionId: form.transactionId, csrfToken: form.csrfToken });
    if (!transaction) throw new Error('GetTransaction returned no transaction');
    withChosenLanguage(lang ?? '', () => {
      if (form.params.get('page') === 'consent') {
        sendConsentPage(res, transaction, form.csrfToken, ctx.basePath);
        return;
      }
      const shown = readPageState(form, ctx);
      sendLoginPage(res, 200, {
        transaction,
        csrfToken: form.csrfToken,
        basePath: ctx.basePath,
        ...shown,
        ...(shown.otpSent ? { individualId: shown.otpSent.individualId } : {}),
        resendDelaySeconds: ctx.otpResendDelaySeconds,
        now: ctx.now(),
      });
    });
  } catch (err) {
    sendFlowError(res, coreFailure(err, ctx.logger, 'GetTransaction'), 303);
  }
};
