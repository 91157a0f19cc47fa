/**
 * The seeded person record of the mock identity system, and its validation. The
 * field set follows eSignet's mock identity system (`IdentityData`, reference
 * esignet.md §6.5), in camelCase JSON.
 */

/** A value in one or several languages: a plain string, or ISO 639 code → value. */
export type Localised = string | Readonly<Record<string, string>>;

/** Postal address parts (mapped to the OIDC `address` claim). */
export interface MockAddress {
  streetAddress?: Localised;
  locality?: Localised;
  region?: Localised;
  postalCode?: string;
  country?: Localised;
}

/** One seeded person. Secrets (`pin`, `biometricSeed`) never leave the mock. */
export interface MockIdentity {
  /** Stable internal id (the core derives pairwise `sub` from it). */
  subjectId: string;
  /** UIN-like identifier. */
  individualId: string;
  /** Static 6-digit PIN. */
  pin: string;
  /** Seed from which the synthetic biometric templates are enrolled. */
  biometricSeed: string;
  name: Localised;
  givenName?: Localised;
  familyName?: Localised;
  /** `YYYY-MM-DD`. */
  birthdate?: string;
  gender?: Localised;
  email?: string;
  emailVerified?: boolean;
  phone?: string;
  phoneVerified?: boolean;
  address?: MockAddress;
  /** Photo as a data URI. */
  picture?: string;
  /** Preferred locale (BCP 47). */
  locale?: string;
  /** Last update, RFC 3339. */
  updatedAt?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function check(cond: unknown, where: string, rule: string): asserts cond {
  if (!cond) throw new Error(`mock identities: ${where} ${rule}`);
}

function checkLocalised(v: unknown, where: string): void {
  if (v === undefined || typeof v === 'string') return;
  check(isObject(v) && Object.values(v).every((x) => typeof x === 'string'), where,
    'must be a string or an object of language code → string');
}

function checkOptionalString(v: unknown, where: string): void {
  check(v === undefined || typeof v === 'string', where, 'must be a string');
}

function checkIdentity(v: unknown, where: string): MockIdentity {
  check(isObject(v), where, 'must be an object');
  check(typeof v.subjectId === 'string' && v.subjectId !== '', `${where}.subjectId`, 'is required');
  check(typeof v.individualId === 'string' && /^\d{6,32}$/.test(v.individualId),
    `${where}.individualId`, 'must be 6–32 digits');
  check(typeof v.pin === 'string' && /^\d{6}$/.test(v.pin), `${where}.pin`, 'must be 6 digits');
  check(typeof v.biometricSeed === 'string' && v.biometricSeed !== '', `${where}.biometricSeed`, 'is required');
  check(v.name !== undefined, `${where}.name`, 'is required');
  for (const k of ['name', 'givenName', 'familyName', 'gender'] as const) checkLocalised(v[k], `${where}.${k}`);
  for (const k of ['email', 'phone', 'picture', 'locale'] as const) checkOptionalString(v[k], `${where}.${k}`);
  check(v.birthdate === undefined || (typeof v.birthdate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.birthdate)),
    `${where}.birthdate`, 'must be YYYY-MM-DD');
  check(v.updatedAt === undefined || (typeof v.updatedAt === 'string' && !Number.isNaN(Date.parse(v.updatedAt))),
    `${where}.updatedAt`, 'must be an RFC 3339 date-time');
  for (const k of ['emailVerified', 'phoneVerified'] as const) {
    check(v[k] === undefined || typeof v[k] === 'boolean', `${where}.${k}`, 'must be a boolean');
  }
  if (v.address !== undefined) {
    const a = v.address;
    check(isObject(a), `${where}.address`, 'must be an object');
    for (const k of ['streetAddress', 'locality', 'region', 'country'] as const) checkLocalised(a[k], `${where}.address.${k}`);
    checkOptionalString(a.postalCode, `${where}.address.postalCode`);
  }
  return v as unknown as MockIdentity;
}

/**
 * Validates the parsed identities file (`{ "identities": [...] }`) and returns the
 * people. Throws an Error naming the first offending field; ids must be unique.
 */
export function parseMockIdentities(doc: unknown): MockIdentity[] {
  check(isObject(doc) && Array.isArray(doc.identities), 'file', 'must be an object with an "identities" array');
  const people = doc.identities.map((v, i) => checkIdentity(v, `identities[${i}]`));
  const subjects = new Set<string>();
  const ids = new Set<string>();
  people.forEach((p, i) => {
    check(!subjects.has(p.subjectId), `identities[${i}].subjectId`, 'is not unique');
    subjects.add(p.subjectId);
    check(!ids.has(p.individualId), `identities[${i}].individualId`, 'is not unique');
    ids.add(p.individualId);
  });
  return people;
}
