import { IntlMessageFormat } from 'intl-messageformat';
import ar from './messages/ar.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import { escapeHtml, SafeHtml } from '../http/html.js';

/** The languages the pages speak; English is the fallback. */
export const LOCALES = ['en', 'fr', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Every message key (the English catalogue is the reference; a test keeps the others complete). */
export type MessageKey = keyof typeof en;

const CATALOGUES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, fr, ar };

/** Each language's own name, for the switcher (shown in that language whatever the page's). */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', fr: 'Français', ar: 'العربية' };

/** Right-to-left scripts among {@link LOCALES}. */
const RTL: ReadonlySet<Locale> = new Set(['ar']);

/** Values an ICU message may take. */
export type MessageValues = Readonly<Record<string, string | number | Date>>;

/** What a page renders its text with. */
export interface Translator {
  readonly locale: Locale;
  readonly dir: 'ltr' | 'rtl';
  /** The message `key` (ICU MessageFormat) with `values`, as plain text. */
  t(key: MessageKey, values?: MessageValues): string;
  /**
   * The message with some values already markup (e.g. a `<strong>` client name): the text is
   * escaped, the markup values are inserted where their placeholders were.
   */
  html(key: MessageKey, values: MessageValues, markup: Readonly<Record<string, SafeHtml>>): SafeHtml;
  /** A time of day, localised (e.g. OTP expiry). */
  time(date: Date): string;
  /** A number, localised. */
  number(n: number): string;
}

/** Whether `key` names a message (e.g. `claim.<name>` for a claim the catalogue labels). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

const formats = new Map<string, IntlMessageFormat>();

function format(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let f = formats.get(id);
  if (!f) {
    f = new IntlMessageFormat(CATALOGUES[locale][key] ?? en[key], locale);
    formats.set(id, f);
  }
  return f;
}

const translators = new Map<Locale, Translator>();

/** The translator of `locale` (messages compiled once per process). */
export function translator(locale: Locale): Translator {
  let tr = translators.get(locale);
  if (tr) return tr;
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
  const numberFormat = new Intl.NumberFormat(locale);
  tr = {
    locale,
    dir: RTL.has(locale) ? 'rtl' : 'ltr',
    t: (key, values) => String(format(locale, key).format(values)),
    html(key, values, markup) {
      // Placeholders the message cannot contain stand in for the markup until the text is escaped.
      const marks = Object.fromEntries(Object.keys(markup).map((name, i) => [name, `\u0001${i}\u0002`]));
      let text = escapeHtml(String(format(locale, key).format(Object.assign({}, values, marks))));
      Object.keys(markup).forEach((name, i) => {
        text = text.replace(`\u0001${i}\u0002`, markup[name]!.value);
      });
      return new SafeHtml(text);
    },
    time: (date) => timeFormat.format(date),
    number: (n) => numberFormat.format(n),
  };
  translators.set(locale, tr);
  return tr;
}

/** The supported locale a BCP 47 tag asks for (`fr-CA` → `fr`), if any. */
export function supportedLocale(tag: string): Locale | undefined {
  const primary = tag.trim().split(/[-_]/)[0]!.toLowerCase();
  return (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : undefined;
}

/** Language ranges of an Accept-Language header (RFC 9110 §12.5.4), best first; at most 32. */
function acceptLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',', 32)
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim(), q: Number.isFinite(quality) ? quality : 0, i };
    })
    .filter((r) => r.tag !== '' && r.tag !== '*' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((r) => r.tag);
}

/**
 * The page language: the one the resident chose with the switcher, else the first supported
 * `ui_locales` entry (OIDC Core §3.1.2.1, "in order of preference"), else Accept-Language, else English.
 */
export function negotiateLocale(input: { readonly chosen?: string | undefined; readonly uiLocales?: readonly string[]; readonly acceptLanguage?: string | undefined }): Locale {
  for (const tag of [input.chosen ?? '', ...(input.uiLocales ?? []), ...acceptLanguages(input.acceptLanguage)]) {
    const locale = supportedLocale(tag);
    if (locale) return locale;
  }
  return 'en';
}
