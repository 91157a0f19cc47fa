import type { ServerResponse } from 'node:http';
import { AuthFactorType, type Transaction } from '../../src/gen/signet/v1/identity_pb.js';
import { html, type SafeHtml } from '../http/html.js';
import { formActionSource } from '../http/page-headers.js';
import { sendPage } from './layout.js';
import { clientDisplayName } from './locale.js';
import { factorSection } from './login-factors.js';

/** A message shown above the forms. */
export interface Notice {
  kind: 'error' | 'info';
  text: string;
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
  otpSent?: { individualId: string; sentTo: string };
}

/** The client's logo and localised name (OIDC Core §3.1.2.1 `ui_locales`). */
export function clientHeader(tx: Transaction, heading: string): SafeHtml {
  const name = clientDisplayName(tx);
  return html`<header class="client">
${tx.logoUri ? html`<img src="${tx.logoUri}" alt="">` : ''}
<div><h1>${heading}</h1>
<p class="lead">to continue to <strong lang="${name.lang ?? ''}" dir="auto">${name.text}</strong></p></div>
</header>`;
}

/** The `<p role=alert|status>` for a notice. */
export function noticeBlock(notice: Notice | undefined): SafeHtml {
  if (!notice) return html``;
  return html`<p class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</p>`;
}

/**
 * Renders the login page: one section per `auth_factor_sets` entry the pages
 * support (OTP, PIN, OTP+PIN, and the biometric mount point).
 */
export function sendLoginPage(res: ServerResponse, status: number, view: LoginView): void {
  const tx = view.transaction;
  const sections = tx.authFactorSets
    .map((set, index) =>
      factorSection(set, {
        transaction: tx,
        csrfToken: view.csrfToken,
        basePath: view.basePath,
        individualId: view.individualId ?? '',
        ...(view.otpSent ? { otpSent: view.otpSent } : {}),
        index,
      }),
    )
    .filter((s): s is SafeHtml => s !== undefined);
  const target = formActionSource(tx.redirectUri);
  // The biometric script talks to the SBI device service on this computer (127.0.0.1,
  // ports 4501–4600, reference sbi.md §1.1).
  const biometric = tx.biometric !== undefined && tx.authFactorSets.some((s) => s.factors.some((f) => f.type === AuthFactorType.BIO));
  sendPage(res, status, {
    title: 'Log in',
    formTargets: target ? [target] : [],
    ...(biometric ? { scriptSrcs: [`${view.basePath}/assets/biometric-login.js`], connectSources: ['http://127.0.0.1:*'] } : {}),
    main: html`${clientHeader(tx, 'Log in')}
${noticeBlock(view.notice)}
${sections.length > 0 ? sections : html`<p class="notice error" role="alert">None of the login methods this application asks for is available on this page.</p>`}`,
  });
}
