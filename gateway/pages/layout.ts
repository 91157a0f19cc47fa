import type { ServerResponse } from 'node:http';
import { html, trusted, type SafeHtml } from '../http/html.js';
import { newNonce, pageHeaders } from '../http/page-headers.js';
import { withRetryAfter } from '../http/respond.js';
import type { Translator } from '../i18n/catalogue.js';
import { pageTranslator } from '../i18n/request-locale.js';
import { STYLESHEET, SUBMIT_ONCE_SCRIPT } from './styles.js';

/** A page to render inside the common layout. */
export interface Page {
  /** Document title. */
  title: string;
  /** The content of `<main>`. */
  main: SafeHtml;
  /** Extra CSP `form-action` sources (the client's redirect origin). */
  formTargets?: readonly string[];
  /**
   * Extra trusted script sources (gateway constants only — never data; pass
   * data as a JSON block, see `jsonForScript`). Each runs with the page nonce.
   */
  scripts?: readonly string[];
  /** Same-origin script URLs to load with the page nonce (e.g. the biometric script). */
  scriptSrcs?: readonly string[];
  /** Extra CSP `connect-src` sources (the local SBI device service). */
  connectSources?: readonly string[];
  /** The page's language (`lang`, `dir`); default: the request's (see `pageTranslator`). */
  tr?: Translator;
  /** Shown above `<main>`: the language switcher of a login transaction's pages. */
  header?: SafeHtml;
}

/** Renders the page with a fresh CSP nonce and sends it with the security headers. */
export function sendPage(res: ServerResponse, status: number, page: Page): void {
  const nonce = newNonce();
  const scripts = [SUBMIT_ONCE_SCRIPT, ...(page.scripts ?? [])];
  const tr = page.tr ?? pageTranslator();
  const doc = html`<!doctype html>
<html lang="${tr.locale}" dir="${tr.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title}</title>
<style nonce="${nonce}">${trusted(STYLESHEET)}</style>
</head>
<body>
${page.header ?? ''}
<main>
${page.main}
</main>
${scripts.map((s) => html`<script nonce="${nonce}">${trusted(s)}</script>`)}
${(page.scriptSrcs ?? []).map((src) => html`<script nonce="${nonce}" src="${src}" defer></script>`)}
</body>
</html>
`;
  const body = doc.value;
  res.writeHead(
    status,
    Object.assign({}, withRetryAfter(status, pageHeaders(nonce, page.formTargets, page.connectSources)), {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    }),
  );
  res.end(body);
}
