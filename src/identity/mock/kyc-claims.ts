/**
 * Builds the KYC claims of a seeded person: only the requested OIDC claims the person
 * has, with localised values chosen by `claims_locales` the way eSignet's mock does
 * (`buildKycDataBasedOnPolicy`, reference esignet.md §6.5): when several locales are
 * asked and several match, `claim#locale` keys (OIDC Core 1.0 §5.2); otherwise the
 * best single value under the plain claim name.
 */
import { sameLanguage } from '../locales.js';
import type { AddressClaim, KycClaims } from '../../core/ports/identity.js';
import type { Localised, MockIdentity } from './mock-identity.js';

/** Claim names the mock can return (OIDC Core §5.1 plus eSignet's `individual_id`). */
export const SUPPORTED_CLAIMS = [
  'name', 'given_name', 'family_name', 'birthdate', 'gender', 'email', 'email_verified',
  'phone_number', 'phone_number_verified', 'address', 'picture', 'locale', 'individual_id', 'updated_at',
] as const;

/** Resolves one localised value into `{claim}` or `{claim#locale…}` entries. */
export function localise(
  claim: string,
  value: Localised | undefined,
  locales: readonly string[],
  defaultLanguage: string,
): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value === 'string') return { [claim]: value };
  const entries = Object.entries(value);
  const matched: [locale: string, value: string][] = [];
  const used = new Set<string>();
  for (const locale of locales) {
    const hit = entries.find(([lang]) => !used.has(lang) && sameLanguage(locale, lang));
    if (hit) {
      used.add(hit[0]);
      matched.push([locale, hit[1]]);
    }
  }
  if (locales.length > 1 && matched.length > 1) {
    return Object.fromEntries(matched.map(([locale, v]) => [`${claim}#${locale}`, v]));
  }
  const best = matched[0]?.[1]
    ?? entries.find(([lang]) => sameLanguage(defaultLanguage, lang))?.[1]
    ?? entries[0]?.[1];
  return best === undefined ? {} : { [claim]: best };
}

function addressClaim(person: MockIdentity, locales: readonly string[], lang: string): AddressClaim | undefined {
  const a = person.address;
  if (a === undefined) return undefined;
  const out: AddressClaim = Object.assign(
    {},
    localise('street_address', a.streetAddress, locales, lang),
    localise('locality', a.locality, locales, lang),
    localise('region', a.region, locales, lang),
    a.postalCode === undefined ? {} : { postal_code: a.postalCode },
    localise('country', a.country, locales, lang),
  );
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The value of one non-localised claim, or undefined when the person lacks it. */
function plainClaim(person: MockIdentity, claim: string): string | number | boolean | undefined {
  switch (claim) {
    case 'birthdate': return person.birthdate;
    case 'email': return person.email;
    case 'email_verified': return person.email === undefined ? undefined : person.emailVerified;
    case 'phone_number': return person.phone;
    case 'phone_number_verified': return person.phone === undefined ? undefined : person.phoneVerified;
    case 'picture': return person.picture;
    case 'locale': return person.locale;
    case 'individual_id': return person.individualId;
    case 'updated_at':
      return person.updatedAt === undefined ? undefined : Math.floor(Date.parse(person.updatedAt) / 1000);
    default: return undefined;
  }
}

/**
 * The requested claims of `person`. Unknown claim names and claims the person lacks
 * are left out; empty `locales` means `[defaultLanguage]`.
 */
export function buildKycClaims(
  person: MockIdentity,
  claims: readonly string[],
  claimsLocales: readonly string[],
  defaultLanguage: string,
): KycClaims {
  const locales = claimsLocales.length > 0 ? claimsLocales : [defaultLanguage];
  const out: KycClaims = {};
  for (const claim of new Set(claims)) {
    switch (claim) {
      case 'name': Object.assign(out, localise('name', person.name, locales, defaultLanguage)); break;
      case 'given_name': Object.assign(out, localise('given_name', person.givenName, locales, defaultLanguage)); break;
      case 'family_name': Object.assign(out, localise('family_name', person.familyName, locales, defaultLanguage)); break;
      case 'gender': Object.assign(out, localise('gender', person.gender, locales, defaultLanguage)); break;
      case 'address': {
        const address = addressClaim(person, locales, defaultLanguage);
        if (address !== undefined) out.address = address;
        break;
      }
      default: {
        const value = plainClaim(person, claim);
        if (value !== undefined) out[claim] = value;
      }
    }
  }
  return out;
}
