/**
 * The message catalogue: every language has every message, every message is valid ICU
 * MessageFormat that formats with its placeholders, the language is chosen by the switcher's
 * cookie, then ui_locales, then Accept-Language, and markup values stay the only markup.
 */
import test from 'ava';
import en from '../../gateway/i18n/messages/en.json' with { type: 'json' };
import fr from '../../gateway/i18n/messages/fr.json' with { type: 'json' };
import ar from '../../gateway/i18n/messages/ar.json' with { type: 'json' };
import { LOCALES, negotiateLocale, translator, type MessageKey } from '../../gateway/i18n/catalogue.js';
import { html } from '../../gateway/http/html.js';

const CATALOGUES = { en, fr, ar } as Record<string, Record<string, string>>;

test('every language has exactly the English keys, and no message is empty', (t) => {
  for (const locale of LOCALES) {
    t.deepEqual(Object.keys(CATALOGUES[locale]!).sort(), Object.keys(en).sort(), locale);
    t.deepEqual(Object.entries(CATALOGUES[locale]!).filter(([, v]) => v.trim() === '').map(([k]) => k), [], locale);
  }
});

test('every message formats in every language with its placeholders filled', (t) => {
  const values = { client: 'C', destination: 'D', time: 'T', seconds: 3, count: 2, n: 5, code: 'E', field: 'F', wait: 'W', scopes: 'S', issuer: 'I', device: 'V', status: 'U' };
  for (const locale of LOCALES) {
    const tr = translator(locale);
    for (const key of Object.keys(en) as MessageKey[]) {
      const text = tr.t(key, values);
      t.false(/[{}]/.test(text), `${locale} ${key}: ${text}`);
    }
  }
});

test('plurals follow each language: Arabic has its six forms', (t) => {
  const ar = translator('ar');
  t.is(ar.t('retry.attemptsLeft', { count: 1 }), 'تبقّت محاولة واحدة.');
  t.is(ar.t('retry.attemptsLeft', { count: 2 }), 'تبقّت محاولتان.');
  t.regex(ar.t('retry.attemptsLeft', { count: 3 }), /محاولات/);
  t.is(translator('en').t('retry.attemptsLeft', { count: 1 }), '1 attempt left.');
  t.is(translator('en').t('retry.attemptsLeft', { count: 2 }), '2 attempts left.');
  t.is(translator('fr').t('duration.minutes', { n: 10 }), '10 minutes');
  t.is(translator('ar').dir, 'rtl');
  t.is(translator('fr').dir, 'ltr');
});

test('the language: the switcher choice, then ui_locales in order, then Accept-Language by quality, then English', (t) => {
  t.is(negotiateLocale({}), 'en');
  t.is(negotiateLocale({ acceptLanguage: 'de-DE, fr;q=0.8, ar;q=0.9' }), 'ar');
  t.is(negotiateLocale({ uiLocales: ['de', 'fr-CA', 'ar'], acceptLanguage: 'ar' }), 'fr');
  t.is(negotiateLocale({ chosen: 'ar', uiLocales: ['fr'], acceptLanguage: 'en' }), 'ar');
  t.is(negotiateLocale({ chosen: 'xx', uiLocales: ['sw'], acceptLanguage: 'fr;q=0, en;q=0.1' }), 'en', 'q=0 means not acceptable');
});

test('html(): text is escaped and only the markup values are markup', (t) => {
  const tr = translator('en');
  const out = tr.html('login.continueTo', {}, { client: html`<strong>${'<b>Evil & Co</b>'}</strong>` });
  t.is(out.value, 'to continue to <strong>&lt;b&gt;Evil &amp; Co&lt;/b&gt;</strong>');
  t.is(translator('ar').html('login.continueTo', {}, { client: html`<strong>x</strong>` }).value, 'للمتابعة إلى <strong>x</strong>');
});
