/**
 * Masking of OTP destinations, as eSignet's mock identity system does it
 * (`HelperUtil.maskEmail` / `maskMobile`), so the login page can say where the OTP
 * went without disclosing the address.
 */

/**
 * Masks the local part of an e-mail address: every character except each third one
 * becomes `X`; the domain stays readable. `aisha.rahman@example.org` →
 * `XXsXX.XXhXXn@example.org`.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = at < 0 ? email : email.slice(0, at);
  const masked = [...local].map((ch, i) => ((i + 1) % 3 === 0 ? ch : 'X')).join('');
  return at < 0 ? masked : masked + email.slice(at);
}

/**
 * Masks the first half (plus one) of a phone number with `X`, keeping the tail:
 * `+97455501571` → `XXXXXXX01571`.
 */
export function maskMobile(phone: string): string {
  const chars = [...phone];
  const hidden = Math.min(chars.length, Math.floor(chars.length / 2) + 1);
  return 'X'.repeat(hidden) + chars.slice(hidden).join('');
}
