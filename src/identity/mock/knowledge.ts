/**
 * Knowledge-based identification in the mock identity system (like eSignet's mock identity
 * system, which compares the KBI fields it lists with the record): the typed full name must equal
 * the registered name in any of its languages, and the date of birth must be the same
 * day. Names are compared after Unicode NFKC normalisation, case folding and collapsing
 * white space, so "  aisha  RAHMAN" matches "Aisha Rahman"; every comparison is
 * constant-time and all of them run, so timing does not tell which field failed.
 */
import type { KnowledgeFields } from '../../core/ports/identity.js';
import type { MockIdentity } from './mock-identity.js';
import { secretsEqual } from './secrets.js';

/** The comparable form of a name. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('und').replace(/\s+/gu, ' ').trim();
}

/** True when the typed name and date of birth match the person's record. */
export function knowledgeMatches(fields: Readonly<KnowledgeFields>, person: MockIdentity): boolean {
  const names = typeof person.name === 'string' ? [person.name] : Object.values(person.name);
  const typed = normaliseName(fields.name ?? '');
  let nameOk = false;
  for (const registered of names) nameOk = secretsEqual(typed, normaliseName(registered)) || nameOk;
  const birthOk = person.birthdate !== undefined && secretsEqual(fields.birthdate ?? '', person.birthdate);
  return typed !== '' && nameOk && birthOk;
}
