import type { Params } from './params.js';

/**
 * Length limits the gateway applies to authorization request parameters before it
 * calls the core, the same ceilings the contract declares (signet.v1.AuthorizeRequest):
 * values a page or a redirect may carry back must not be able to make the core, its
 * storage or a page do unbounded work. The body limit (64 KiB forms) and the header
 * limit (16 KiB) stay in force around them.
 */
export const AUTHORIZE_PARAM_LIMITS: Readonly<Record<string, number>> = {
  client_id: 256,
  redirect_uri: 2048,
  state: 2048,
  nonce: 255,
  scope: 1024,
  claims: 8192,
  claims_locales: 256,
  ui_locales: 256,
  acr_values: 1024,
  authorization_details: 8192,
};

/** Most `resource` values one request may carry (RFC 8707), each at most 2048 characters. */
export const MAX_RESOURCES = 10;
const MAX_RESOURCE_LENGTH = 2048;

/** The first parameter over its limit: too long (characters) or repeated too often; undefined when all fit. */
export function oversizedParameter(params: Params): { name: string; kind: 'length' | 'count'; max: number } | undefined {
  for (const [name, max] of Object.entries(AUTHORIZE_PARAM_LIMITS)) {
    if (params.get(name).length > max) return { name, kind: 'length', max };
  }
  const resources = params.all('resource');
  if (resources.length > MAX_RESOURCES) return { name: 'resource', kind: 'count', max: MAX_RESOURCES };
  if (resources.some((r) => r.length > MAX_RESOURCE_LENGTH)) return { name: 'resource', kind: 'length', max: MAX_RESOURCE_LENGTH };
  return undefined;
}
