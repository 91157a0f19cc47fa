import { BUNDLED_CONTEXTS } from '../jsonld/contexts.js';
import { type CredentialFormat, VCDM_1_1_CONTEXT, VCDM_2_0_CONTEXT } from './constants.js';
import { child, type ErrorSink, isNonEmptyString, stringList } from './json-checks.js';

/** The format-specific members of a configuration, once validated. */
export type FormatMembers = { vct: string } | { type: string[]; context: string[] } | undefined;

/**
 * dc+sd-jwt needs `vct` (SD-JWT VC §3.2.2.1); the W3C formats need `type` including
 * `VerifiableCredential` and an `@context` starting with their data model's base context
 * (VCDM 1.1 for jwt_vc_json, VCDM 2.0 for ldp_vc). An ldp_vc context must be bundled, because
 * Signet's document loader never fetches one.
 */
export function validateFormatMembers(
  sink: ErrorSink, path: string, entry: Record<string, unknown>, format: CredentialFormat,
): FormatMembers {
  if (format === 'dc+sd-jwt') {
    for (const key of ['type', '@context']) {
      if (key in entry) sink.fail(child(path, key), 'is for the W3C formats; dc+sd-jwt uses vct');
    }
    if (!isNonEmptyString(entry.vct)) {
      sink.fail(child(path, 'vct'), 'is required for dc+sd-jwt and must be a non-empty string');
      return undefined;
    }
    return { vct: entry.vct };
  }
  if ('vct' in entry) sink.fail(child(path, 'vct'), 'is for dc+sd-jwt; W3C formats use type and @context');
  const type = stringList(sink, child(path, 'type'), entry.type);
  if (type && !type.includes('VerifiableCredential')) {
    sink.fail(child(path, 'type'), 'must include VerifiableCredential');
  }
  const contextPath = child(path, '@context');
  const context = stringList(sink, contextPath, entry['@context']);
  const base = format === 'ldp_vc' ? VCDM_2_0_CONTEXT : VCDM_1_1_CONTEXT;
  if (context && context[0] !== base) sink.fail(child(contextPath, 0), `must be ${base} for ${format}`);
  if (context && format === 'ldp_vc') {
    context.forEach((url, i) => {
      if (!BUNDLED_CONTEXTS.has(url)) sink.fail(child(contextPath, i), 'must be a context bundled with Signet');
    });
  }
  return type && context ? { type, context } : undefined;
}
