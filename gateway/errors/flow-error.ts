import type { ServerResponse } from 'node:http';
import type { ErrorDetail } from '../../src/gen/signet/v1/error_pb.js';
import { redirect, withQuery } from '../http/respond.js';
import { sendErrorPage } from '../pages/error-page.js';
import { serverStatus, type CoreFailure } from './core-error.js';

/**
 * The error redirect URL (RFC 6749 §4.1.2.1 with `iss`, RFC 9207 §2), or
 * undefined when the core did not vouch for a redirect URI.
 */
export function errorRedirectUrl(detail: ErrorDetail): string | undefined {
  if (!detail.redirectUri) return undefined;
  try {
    const url = withQuery(detail.redirectUri, {
      error: detail.error,
      error_description: detail.errorDescription,
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
 * Renders an error in the browser flow (authorize, login, consent). With a
 * verified `redirect_uri` the error goes back to the client by redirect; without
 * one it is shown on a page and never redirected (RFC 6749 §4.1.2.1).
 */
export function sendFlowError(res: ServerResponse, failure: CoreFailure, redirectStatus: 302 | 303): void {
  const { detail } = failure;
  const location = failure.unexpected ? undefined : errorRedirectUrl(detail);
  if (location) {
    redirect(res, redirectStatus, location);
    return;
  }
  sendErrorPage(res, serverStatus(detail.error) ?? 400, {
    title: failure.unexpected ? 'Something went wrong' : 'The request cannot be completed',
    message: detail.errorDescription || 'The request is not valid.',
    code: detail.error,
  });
}
