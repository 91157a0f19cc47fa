import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, serialize } from 'cookie';
import { requestContext, withRequestContext } from '../http/request-context.js';
import { negotiateLocale, supportedLocale, translator, type Locale, type Translator } from './catalogue.js';

/** The cookie that remembers the language a resident chose with the switcher. */
export const LANGUAGE_COOKIE = 'signet_lang';

export interface LanguageInputs {
  readonly chosen: string | undefined;
  readonly acceptLanguage: string | undefined;
  /** The request's own `ui_locales` (an authorization request refused before it has a transaction). */
  readonly uiLocales?: readonly string[];
}

/** Runs `fn` with the request's language inputs (the switcher cookie, Accept-Language) in scope. */
export function withRequestLanguage<T>(req: IncomingMessage, fn: () => T): T {
  const chosen = parse(req.headers.cookie ?? '')[LANGUAGE_COOKIE];
  return withRequestContext({ language: { chosen, acceptLanguage: req.headers['accept-language'] } }, fn);
}

/**
 * The translator of the page being rendered: the language the resident chose, else the
 * transaction's `ui_locales` (OIDC Core §3.1.2.1), else Accept-Language, else English.
 */
export function pageTranslator(uiLocales?: readonly string[]): Translator {
  const inputs = requestContext()?.language;
  return translator(negotiateLocale({ chosen: inputs?.chosen, uiLocales: uiLocales ?? inputs?.uiLocales ?? [], acceptLanguage: inputs?.acceptLanguage }));
}

/** Runs `fn` with the authorization request's `ui_locales` (space-separated, at most 10 tags) in scope. */
export function withUiLocales<T>(uiLocales: string, fn: () => T): T {
  const inputs = requestContext()?.language;
  const tags = uiLocales.split(' ').filter(Boolean).slice(0, 10);
  return withRequestContext({ language: { chosen: inputs?.chosen, acceptLanguage: inputs?.acceptLanguage, uiLocales: tags } }, fn);
}

/** Remembers the resident's choice for the rest of the login (a year, every page of this gateway). */
export function rememberLanguage(res: ServerResponse, locale: Locale, secure: boolean): void {
  res.appendHeader('Set-Cookie', serialize(LANGUAGE_COOKIE, locale, { path: '/', sameSite: 'lax', secure, httpOnly: true, maxAge: 365 * 24 * 3600 }));
}

/** Runs `fn` as if the resident had chosen `tag` (the switcher's own request). */
export function withChosenLanguage<T>(tag: string, fn: () => T): T {
  const inputs = requestContext()?.language;
  return withRequestContext({ language: Object.assign({}, inputs, { chosen: supportedLocale(tag) ?? inputs?.chosen, acceptLanguage: inputs?.acceptLanguage }) }, fn);
}
