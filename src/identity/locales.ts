/**
 * Language matching between OIDC `claims_locales` (BCP 47, e.g. `en`, `fr-CA`) and
 * the ISO 639-2/3 codes MOSIP identity records use (`eng`, `fra`, `ara`).
 */

/** ISO 639-2/3 → ISO 639-1 for the languages MOSIP deployments commonly use. */
const ALPHA3_TO_ALPHA2: Readonly<Record<string, string>> = {
  eng: 'en', fra: 'fr', fre: 'fr', ara: 'ar', spa: 'es', por: 'pt', khm: 'km', hin: 'hi',
  tam: 'ta', kan: 'kn', tha: 'th', fil: 'fil', tgl: 'tl', amh: 'am', swa: 'sw', deu: 'de', ger: 'de',
};

/** The primary language of a tag, as ISO 639-1 when known (`fr-CA` → `fr`, `fra` → `fr`). */
export function primaryLanguage(tag: string): string {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return ALPHA3_TO_ALPHA2[primary] ?? primary;
}

/** True when a requested locale and a stored language code name the same language. */
export function sameLanguage(requested: string, stored: string): boolean {
  const a = primaryLanguage(requested);
  return a !== '' && a === primaryLanguage(stored);
}
