import type { ServerResponse } from 'node:http';
import { AuthFactorType, type Transaction } from '../../src/gen/signet/v1/identity_pb.js';
import { LANGUAGE_NAMES, LOCALES, type Translator } from '../i18n/catalogue.js';
import { pageTranslator } from '../i18n/request-locale.js';
import { html, type SafeHtml } from '../http/html.js';
import { formActionSource } from '../http/page-headers.js';
import { sendPage } from './layout.js';
import { clientDisplayName } from './locale.js';
import { clock, FACTOR_TEXT, factorKind, factorSection, stateFields, type OtpSent } from './login-factors.js';
import { COUNTDOWN_SCRIPT } from './styles.js';

/** A message shown above the forms, written in the page's language when the page is rendered. */
export interface Notice {
  kind: 'error' | 'info';
  text: (tr: Translator) => string;
}

/** Everything the login page shows. */
export interface LoginView {
  transaction: Transaction;
  csrfToken: string;
  basePath: string;
  notice?: Notice;
  /** Prefill for the individual id fields. */
  individualId?: string;
  /** Set after SendOtp succeeded: OTP forms ask for the code. */
  otpSent?: OtpSent;
  /** Index of the factor set to show (default the first the pages offer). */
  factor?: number;
  /** Seconds after a send before "Send a new code" is offered. Default 30. */
  resendDelaySeconds?: number;
  /** Milliseconds since the epoch. */
  now?: number;
}

/** The client's logo and localised name (OIDC Core §3.1.2.1 `ui_locales`). */
export function clientHeader(tx: Transaction, heading: string, tr: Translator): SafeHtml {
  const name = clientDisplayName(tx, tr.locale);
  return html`<header class="client">
${tx.logoUri ? html`<img src="${tx.logoUri}" alt="">` : ''}
<div><h1>${heading}</h1>
<p class="lead">${tr.html('login.continueTo', {}, { client: html`<strong lang="${name.lang ?? ''}" dir="auto">${name.text}</strong>` })}</p></div>
</header>`;
}

/** The `<p role=alert|status>` for a notice. */
export function noticeBlock(notice: Notice | undefined, tr: Translator): SafeHtml {
  if (!notice) return html``;
  return html`<p class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text(tr)}</p>`;
}

/**
 * The language switcher of a transaction's pages: one button per language, posting the page's
 * state to /login/view, which remembers the choice and shows the same page in that language.
 */
export function languageSwitcher(tr: Translator, basePath: string, fields: SafeHtml, page: 'login' | 'consent'): SafeHtml {
  return html`<nav class="languages" aria-label="${tr.t('language.label')}">
<form method="post" action="${basePath}/login/view">
${fields}<input type="hidden" name="page" value="${page}">
${LOCALES.map(
    (l) => html`<button type="submit" name="lang" value="${l}" lang="${l}" class="link"${l === tr.locale ? html` aria-current="true"` : ''}>${LANGUAGE_NAMES[l]}</button>`,
  )}
</form>
</nav>`;
}

/** "This login expires in m:ss", counted down by the page script. */
export function expiryNotice(tx: Transaction, tr: Translator, now: number): SafeHtml {
  if (!tx.expireTime) return html``;
  const until = Number(tx.expireTime.seconds) * 1000;
  return html`<p class="hint expiry" data-countdown-until="${until}" data-done="${tr.t('expired.message')}">${tr.html('login.expiresIn', {}, {
    time: html`<span class="countdown" dir="ltr">${clock(tr, (until - now) / 1000)}</span>`,
  })}</p>`;
}

/**
 * Renders the login page: one way to log in at a time (the factor sets the pages support:
 * OTP, PIN, OTP+PIN, biometrics), the others offered as tabs; the language switcher; the
 * login's expiry countdown.
 */
export function sendLoginPage(res: ServerResponse, status: number, view: LoginView): void {
  const tx = view.transaction;
  const tr = pageTranslator(tx.uiLocales);
  const now = view.now ?? Date.now();
  const offered = tx.authFactorSets.map((set, index) => ({ set, index, kind: factorKind(set) })).filter((o) => o.kind !== undefined);
  const active = offered.find((o) => o.index === view.factor) ?? offered[0];
  const base = { transaction: tx, csrfToken: view.csrfToken, basePath: view.basePath, individualId: view.individualId ?? '', ...(view.otpSent ? { otpSent: view.otpSent } : {}) };
  const state = Object.assign({}, base, { tr, index: active?.index ?? 0, resendDelaySeconds: view.resendDelaySeconds ?? 30, now });
  // Every offered way is in the page, the inactive ones `hidden` (out of sight and of the
  // accessibility tree): the tabs switch by posting to /login/view, so no script is needed.
  const sections = offered.map((o) => factorSection(o.set, Object.assign({}, state, { index: o.index }, o === active ? {} : { otpSent: undefined }), o !== active));
  const carried = html`${stateFields(state)}${view.otpSent ? html`<input type="hidden" name="individual_id" value="${view.otpSent.individualId}">` : ''}`;
  const tabs =
    offered.length > 1
      ? html`<nav class="factors" aria-label="${tr.t('login.methods')}"><form method="post" action="${view.basePath}/login/view">
${stateFields(Object.assign({}, base, { index: state.index }), false)}<input type="hidden" name="page" value="login">
${offered.map((o) => html`<button type="submit" name="factor" value="${o.index}" class="tab"${o === active ? html` aria-current="true"` : ''}>${tr.t(FACTOR_TEXT[o.kind!].tab)}</button>`)}
</form></nav>`
      : '';
  const target = formActionSource(tx.redirectUri);
  // The biometric script talks to the SBI device service on this computer (127.0.0.1,
  // ports 4501–4600, reference sbi.md §1.1).
  const biometric = tx.biometric !== undefined && active?.set.factors.some((f) => f.type === AuthFactorType.BIO);
  const title = tr.t('login.title');
  sendPage(res, status, {
    tr,
    title,
    header: languageSwitcher(tr, view.basePath, carried, 'login'),
    formTargets: target ? [target] : [],
    scripts: [COUNTDOWN_SCRIPT],
    ...(biometric ? { scriptSrcs: [`${view.basePath}/assets/biometric-login.js`], connectSources: ['http://127.0.0.1:*'] } : {}),
    main: html`${clientHeader(tx, title, tr)}
${noticeBlock(view.notice, tr)}
${tabs}
${sections.length > 0 ? sections : html`<p class="notice error" role="alert">${tr.t('login.noMethod')}</p>`}
${expiryNotice(tx, tr, now)}`,
  });
}
