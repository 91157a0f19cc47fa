import type { CredentialDisplay } from '../config/types.js';

/** A display entry as OpenID4VCI 1.0 §12.2.4 puts it on the wire (snake_case members). */
export interface DisplayMetadata {
  name: string;
  locale?: string;
  description?: string;
  logo?: { uri: string; alt_text?: string };
  background_color?: string;
  text_color?: string;
}

/** Maps a configured credential display entry to its metadata form, dropping absent members. */
export function toDisplayMetadata(display: CredentialDisplay): DisplayMetadata {
  const out: DisplayMetadata = { name: display.name };
  if (display.locale !== undefined) out.locale = display.locale;
  if (display.description !== undefined) out.description = display.description;
  if (display.logo !== undefined) {
    out.logo = { uri: display.logo.uri };
    if (display.logo.altText !== undefined) out.logo.alt_text = display.logo.altText;
  }
  if (display.backgroundColor !== undefined) out.background_color = display.backgroundColor;
  if (display.textColor !== undefined) out.text_color = display.textColor;
  return out;
}
