import type { Transaction } from '../../src/gen/signet/v1/identity_pb.js';

/**
 * ISO 639-1 → ISO 639-3 for the languages the client name map (keyed by ISO
 * 639-3, eSignet `clientNameLangMap`) commonly uses.
 */
const ISO_639_3: Readonly<Record<string, string>> = {
  en: 'eng', fr: 'fra', ar: 'ara', es: 'spa', pt: 'por', de: 'deu', hi: 'hin', kn: 'kan',
  ta: 'tam', te: 'tel', km: 'khm', th: 'tha', sw: 'swa', am: 'amh', fil: 'fil', tl: 'tgl',
  zh: 'zho', ru: 'rus', id: 'ind', ms: 'msa', bn: 'ben', ur: 'urd', si: 'sin', my: 'mya',
};

/** A localised text with the BCP 47 tag it is in (for `lang`). */
export interface LocalisedText {
  text: string;
  lang?: string;
}

/**
 * The client's display name in the page's language, else the first `ui_locales` language the name map
 * has (OIDC Core §3.1.2.1 `ui_locales`: "in order of preference"), then
 * English, then the plain name, then the client id.
 */
export function clientDisplayName(tx: Transaction, pageLocale?: string): LocalisedText {
  const map = tx.clientNameLangmap;
  // The page's language first (the resident's choice), then the client's preferences.
  for (const tag of [...(pageLocale ? [pageLocale] : []), ...tx.uiLocales]) {
    const primary = tag.split('-')[0]!.toLowerCase();
    const key = primary.length === 3 ? primary : ISO_639_3[primary];
    const text = key ? map[key] : undefined;
    if (text) return { text, lang: tag };
  }
  if (map['eng']) return { text: map['eng'], lang: 'en' };
  return { text: tx.clientName || tx.clientId };
}
