/**
 * The credential configuration document as a zod schema: `{ "configurations": [ … ] }`, one
 * strict object per format (a discriminated union on `format`), defaults applied on the way out.
 * Ids are unique (they key `credential_configurations_supported`, OpenID4VCI 1.0 §12.2.4) and so
 * are scopes (Signet maps a token's scope to exactly one configuration).
 */
import { z } from 'zod';
import { BUNDLED_CONTEXTS } from '../jsonld/contexts.js';
import {
  ASYMMETRIC_JWS_ALGS, BINDING_METHODS, CREDENTIAL_FORMATS, CREDENTIAL_SIGNING_ALGS, type CredentialFormat,
  VCDM_1_1_CONTEXT, VCDM_2_0_CONTEXT,
} from './constants.js';
import { absent, claims, credentialDisplays, matching, nonBlank, stringList, strictObject } from './schema-parts.js';
import type { CredentialConfiguration } from './types.js';

const ID = /^[A-Za-z0-9_.-]+$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/; // RFC 6749 §3.3 scope-token
const MAX_VALIDITY_SECONDS = 10 * 366 * 24 * 3600;
const VALIDITY = `must be a positive integer of at most ${MAX_VALIDITY_SECONDS}`;

/** The members every format shares. */
function common<F extends CredentialFormat>(format: F) {
  const algs = CREDENTIAL_SIGNING_ALGS[format];
  return {
    id: matching(ID, 'must match [A-Za-z0-9_.-]+'),
    format: z.literal(format),
    scope: matching(SCOPE_TOKEN, 'must be a single OAuth scope token (RFC 6749 §3.3)'),
    claims: claims(format),
    display: credentialDisplays,
    // `jwt` is the only key-proof type Signet accepts (OpenID4VCI 1.0 Appendix F.1).
    proofTypes: strictObject(
      { jwt: strictObject({ signingAlgs: stringList(ASYMMETRIC_JWS_ALGS) }, 'is required: jwt is the key-proof type Signet accepts') },
      'must be an object with a jwt member',
    ),
    bindingMethods: stringList(BINDING_METHODS),
    credentialSigningAlg: z.enum(algs as readonly [(typeof algs)[number], ...(typeof algs)[number][]], {
      error: `must be one of ${algs.join(', ')} for ${format}`,
    }),
    validitySeconds: z.number({ error: VALIDITY }).int(VALIDITY).positive(VALIDITY).max(MAX_VALIDITY_SECONDS, VALIDITY),
  };
}

/** SD-JWT VC (OpenID4VCI 1.0 Appendix A.3): `vct` (SD-JWT VC §3.2.2.1), no W3C members. */
const sdJwtVc = strictObject({
  ...common('dc+sd-jwt'),
  vct: nonBlank('is required for dc+sd-jwt and must be a non-empty string'),
  type: absent('is for the W3C formats; dc+sd-jwt uses vct'),
  '@context': absent('is for the W3C formats; dc+sd-jwt uses vct'),
}).transform(({ type: _type, '@context': _context, ...rest }) => rest);

/**
 * A W3C format: `type` includes `VerifiableCredential`, and `@context` starts with the data
 * model's base context (VCDM 1.1 for jwt_vc_json, VCDM 2.0 for ldp_vc). An ldp_vc context must
 * be bundled, because Signet's document loader never fetches one.
 */
function w3c<F extends 'jwt_vc_json' | 'ldp_vc'>(format: F) {
  const base = format === 'ldp_vc' ? VCDM_2_0_CONTEXT : VCDM_1_1_CONTEXT;
  const context = stringList().superRefine((urls, ctx) => {
    if (urls[0] !== base) ctx.addIssue({ code: 'custom', path: [0], message: `must be ${base} for ${format}` });
    if (format !== 'ldp_vc') return;
    urls.forEach((url, i) => {
      if (!BUNDLED_CONTEXTS.has(url)) ctx.addIssue({ code: 'custom', path: [i], message: 'must be a context bundled with Signet' });
    });
  });
  return strictObject({
    ...common(format),
    type: stringList().refine((t) => t.includes('VerifiableCredential'), 'must include VerifiableCredential'),
    '@context': context,
    vct: absent('is for dc+sd-jwt; W3C formats use type and @context'),
  }).transform(({ '@context': context, vct: _vct, ...rest }) => ({ ...rest, context }));
}

const configuration = z.discriminatedUnion('format', [sdJwtVc, w3c('jwt_vc_json'), w3c('ldp_vc')], {
  error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${CREDENTIAL_FORMATS.join(', ')}` : 'must be an object'),
});

/** Each configuration's `key` is unique; a repeat names the entry that used it first. */
function unique(list: unknown, key: 'id' | 'scope', ctx: z.RefinementCtx): void {
  if (!Array.isArray(list)) return;
  const first = new Map<unknown, number>();
  list.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null) return;
    const value = (entry as Record<string, unknown>)[key];
    const seen = first.get(value);
    if (seen !== undefined) ctx.addIssue({ code: 'custom', path: [i, key], message: `must be unique (also used by $.configurations[${seen}])` });
    else first.set(value, i);
  });
}

/** The whole document. Uniqueness is checked even when some entry has other errors, so one pass finds all. */
export const configurationDocument = strictObject(
  {
    configurations: z
      .array(configuration, { error: 'must be a non-empty array' })
      .min(1, 'must be a non-empty array')
      .superRefine(
        (list, ctx) => {
          unique(list, 'id', ctx);
          unique(list, 'scope', ctx);
        },
        { when: () => true },
      ),
  },
  'must be an object with a configurations array',
).transform((doc) => doc.configurations as CredentialConfiguration[]);
