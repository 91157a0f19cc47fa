import type { ServerResponse } from 'node:http';
import { html } from '../http/html.js';
import { sendPage } from './layout.js';

/** What an error page shows. */
export interface ErrorPageView {
  /** Heading. */
  title: string;
  /** Safe, user-facing explanation. */
  message: string;
  /** The protocol error code, shown small for support. */
  code?: string;
  /** Optional way back to the client (an error redirect URL). */
  returnUrl?: string;
}

/**
 * Sends an error page. Used when an error must not be redirected (RFC 6749
 * §4.1.2.1: invalid client or redirect URI — "MUST NOT automatically redirect").
 */
export function sendErrorPage(res: ServerResponse, status: number, view: ErrorPageView): void {
  sendPage(res, status, {
    title: view.title,
    main: html`<h1>${view.title}</h1>
<p class="notice error" role="alert">${view.message}</p>
${view.code ? html`<p class="hint">Error code: <code>${view.code}</code></p>` : ''}
${view.returnUrl ? html`<p><a href="${view.returnUrl}">Return to the application</a></p>` : ''}`,
  });
}

/** The 403 page for a form that is not bound to this browser or lacks its CSRF token. */
export function sendForbiddenPage(res: ServerResponse): void {
  sendErrorPage(res, 403, {
    title: 'This login session is not valid here',
    message:
      'The form did not come from this browser’s login session, or it has expired. ' +
      'Go back to the application and start the login again.',
    code: 'invalid_transaction',
  });
}
