import type { ServerResponse } from 'node:http';
import type { ErrorDetail } from '../../src/gen/signet/v1/error_pb.js';
import { redirect, withQuery } from '../http/respond.js';
import { oauthText } from './oauth-text.js';
import { sendErrorPage } from '../pages/error-page.js';
import { pageTranslator } from '../i18n/request-locale.js';
import { residentMessage, waitText } from '../pages/resident-messages.js';
import { httpStatusOf, type CoreFailure } from './core-error.js';

/**
 * The error redirect URL (RFC 6749 §4.1.2.1 with `iss`, RFC 9207 §2), or
 * undefined when the core did not vouch for a redirect URI.
 */
export function errorRedirectUrl(detail: ErrorDetail): string | undefined {
  if (!detail.redirectUri) return undefined;
  try {
    const url = withQuery(detail.redirectUri, {
      error: detail.error,
      error_description: oauthText(detail.errorDescription),
      state: detail.state,
      iss: detail.iss,
    });
    // Defence in depth: the URL may become a link on the "blocked" page, so a
    // script-capable scheme is never used even if the core vouched for it. The
    // scheme is read after parsing: the URL parser (like browsers) drops tabs and
    // newlines, so "java\tscript:" is javascript:.
    if (/^(javascript|data|vbscript):$/i.test(new URL(url).protocol)) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/**
 * The status of an error page: the catalogue's (`http_status`), except that a
 * page never answers 401, which would need an authentication challenge a
 * browser cannot meet (RFC 9110 §15.5.2).
 */
export function pageStatus(detail: Pick<ErrorDetail, 'httpStatus'>): number {
  const status = httpStatusOf(detail);
  return status === 401 ? 400 : status;
}

/**
 * Renders an error in the browser flow (authorize, login, consent). With a
 * verified `redirect_uri` the error goes back to the client by redirect; without
 * one it is shown on a page and never redirected (RFC 6749 §4.1.2.1). The page
 * speaks to the resident in words chosen by the code, not the relying party's
 * description.
 */
export function sendFlowError(res: ServerResponse, failure: CoreFailure, redirectStatus: 302 | 303): void {
  const { detail } = failure;
  const location = failure.unexpected ? undefined : errorRedirectUrl(detail);
  if (location) {
    redirect(res, redirectStatus, location);
    return;
  }
  const words = residentMessage(detail.error);
  const tr = pageTranslator();
  sendErrorPage(res, pageStatus(detail), { tr, title: words.title, message: words.text, values: { wait: waitText(tr, detail.retryAfterSeconds ?? 1) }, code: detail.error });
}
