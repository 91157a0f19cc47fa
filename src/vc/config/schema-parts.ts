/**
 * The building blocks of the credential configuration schema (zod): members every object
 * checks the same way, displays and claim mappings. Every message is a rule for the operator;
 * validate-configurations.ts puts the JSON path of the offending member in front of it.
 */
import { z } from 'zod';
import { type CredentialFormat, IDENTITY_ATTRIBUTES, RESERVED_CLAIM_NAMES } from './constants.js';

const LOCALE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/; // BCP 47 language tag shape (RFC 5646 §2.1)
const COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/; // CSS hex colour (OpenID4VCI 1.0 §12.2.4)
const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An object with exactly these members: any other member is an error at its own path naming the
 * allowed ones (catches snake_case typos); anything but an object is `notObject`.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S, notObject = 'must be an object') {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `is not a known member (allowed: ${allowed})` : notObject),
  });
}

/** A string that is not blank, with one message for every way it can fail. */
export function nonBlank(message = 'must be a non-empty string') {
  return z.string({ error: message }).refine((s) => s.trim().length > 0, message);
}

/** A string matching `pattern`, with one message for every way it can fail. */
export function matching(pattern: RegExp, message: string) {
  return z.string({ error: message }).regex(pattern, message);
}

/** A member this format does not take: present at all, it is an error saying what to use instead. */
export function absent(message: string) {
  return z.never({ error: message }).optional();
}

/** A non-empty array of distinct non-blank strings, drawn from `allowed` when given. */
export function stringList<T extends string>(allowed?: readonly T[]) {
  const item = allowed
    ? z.string({ error: 'must be a non-empty string' }).refine((s) => allowed.includes(s as T), `must be one of ${allowed.join(', ')}`)
    : nonBlank();
  return z
    .array(item, { error: 'must be a non-empty array' })
    .min(1, 'must be a non-empty array')
    .superRefine((list, ctx) => {
      list.forEach((s, i) => {
        if (list.indexOf(s) !== i) ctx.addIssue({ code: 'custom', path: [i], message: 'must not repeat an earlier entry' });
      });
    })
    .transform((list) => list as T[]);
}

const locale = matching(LOCALE, 'must be a BCP 47 language tag such as en or fr-CA');
const colour = matching(COLOR, 'must be a CSS hex colour such as #12AB34');

/** Credential display entries (OpenID4VCI 1.0 §12.2.4 `credential_metadata.display`); absent means none. */
export const credentialDisplays = z
  .array(
    strictObject({
      name: nonBlank('is required and must be a non-empty string'),
      locale: locale.optional(),
      description: nonBlank().optional(),
      logo: strictObject({ uri: matching(/^(https:\/\/|data:)/, 'must be an https: or data: URI'), altText: nonBlank().optional() }).optional(),
      backgroundColor: colour.optional(),
      textColor: colour.optional(),
    }),
    { error: 'must be an array' },
  )
  .default([]);

/** Claim display entries `[{ name, locale? }]` (OpenID4VCI 1.0 Appendix B.2); absent means none. */
const claimDisplays = z
  .array(strictObject({ name: nonBlank('is required and must be a non-empty string'), locale: locale.optional() }), { error: 'must be an array' })
  .default([]);

const flag = z.boolean({ error: 'must be a boolean' });

/**
 * The claim map of a configuration of `format` (claim name → identity attribute). Defaults:
 * `mandatory` false; `selectivelyDisclosable` true for dc+sd-jwt (SD-JWT exists to make claims
 * disclosable) and refused for the other formats. Names the format uses itself are reserved.
 */
export function claims(format: CredentialFormat) {
  const sdJwt = format === 'dc+sd-jwt';
  const reserved: readonly string[] = RESERVED_CLAIM_NAMES[format];
  const mapping = strictObject(
    {
      attribute: z.enum(IDENTITY_ATTRIBUTES, { error: `must be one of the identity attributes ${IDENTITY_ATTRIBUTES.join(', ')}` }),
      mandatory: flag.default(false),
      selectivelyDisclosable: sdJwt ? flag.default(true) : absent('applies only to the dc+sd-jwt format').transform(() => false),
      display: claimDisplays,
    },
    'must be an object with an attribute',
  );
  const message = 'must be a non-empty object mapping claim names to identity attributes';
  return z.record(z.string(), mapping, { error: message }).superRefine(
    (map, ctx) => {
      if (typeof map !== 'object' || map === null || Array.isArray(map)) return;
      const names = Object.keys(map);
      if (names.length === 0) ctx.addIssue({ code: 'custom', path: [], message });
      for (const name of names) {
        if (!CLAIM_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'claim name must match [A-Za-z_][A-Za-z0-9_]*' });
        if (reserved.includes(name)) ctx.addIssue({ code: 'custom', path: [name], message: `claim name is reserved by the ${format} format` });
      }
    },
    { when: () => true },
  );
}
