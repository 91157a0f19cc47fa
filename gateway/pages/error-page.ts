import type { ServerResponse } from 'node:http';
import type { MessageKey, MessageValues, Translator } from '../i18n/catalogue.js';
import { pageTranslator } from '../i18n/request-locale.js';
import { html } from '../http/html.js';
import { sendPage } from './layout.js';

/** What an error page shows, as catalogue keys: residents read messages chosen by code, never a relying party's description. */
export interface ErrorPageView {
  /** Heading. */
  title: MessageKey;
  /** Explanation for the resident. */
  message: MessageKey;
  /** Values of the message's placeholders. */
  values?: MessageValues;
  /** The protocol error code, shown small for support. */
  code?: string;
  /** Optional way back to the client (an error redirect URL). */
  returnUrl?: string;
  /** The language; default the request's. */
  tr?: Translator;
}

/**
 * Sends an error page. Used when an error must not be redirected (RFC 6749
 * §4.1.2.1: invalid client or redirect URI — "MUST NOT automatically redirect").
 */
export function sendErrorPage(res: ServerResponse, status: number, view: ErrorPageView): void {
  const tr = view.tr ?? pageTranslator();
  const title = tr.t(view.title);
  sendPage(res, status, {
    tr,
    title,
    main: html`<h1>${title}</h1>
<p class="notice error" role="alert">${tr.t(view.message, view.values)}</p>
${view.code ? html`<p class="hint">${tr.html('error.code', {}, { code: html`<code>${view.code}</code>` })}</p>` : ''}
${view.returnUrl ? html`<p><a href="${view.returnUrl}">${tr.t('error.return')}</a></p>` : ''}`,
  });
}

/** The 403 page for a form that is not bound to this browser or lacks its CSRF token. */
export function sendForbiddenPage(res: ServerResponse): void {
  sendErrorPage(res, 403, { title: 'forbidden.title', message: 'forbidden.message', code: 'invalid_transaction' });
}
