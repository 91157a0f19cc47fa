import type { JsonObject } from '@bufbuild/protobuf';
import type { ServerResponse } from 'node:http';
import type { GetDiscoveryResponse } from '../../src/gen/signet/v1/identity_pb.js';
import type { GatewayContext, Handler } from '../context.js';
import { coreFailure } from '../errors/core-error.js';
import { CORS_ANY, sendBody, sendJson } from '../http/respond.js';
import type { JwksPurpose } from '../metadata/metadata-cache.js';

/** Sends public metadata: CORS `*`, cacheable for the time left. */
function sendMetadata(res: ServerResponse, doc: JsonObject, maxAge: number): void {
  sendJson(res, 200, doc, Object.assign({}, CORS_ANY, { 'Cache-Control': `public, max-age=${maxAge}` }));
}

function sendUnavailable(res: ServerResponse, ctx: GatewayContext, err: unknown, rpc: string): void {
  const { detail } = coreFailure(err, ctx.logger, rpc);
  sendJson(res, 503, { error: 'temporarily_unavailable', error_description: detail.errorDescription }, Object.assign({}, CORS_ANY, { 'Cache-Control': 'no-store' }));
}

/**
 * A handler that serves the document `pick` takes from GetDiscovery with `send`, given the
 * seconds the cached discovery has left; 404 when the core publishes none, 503 when it cannot
 * be asked.
 */
function fromDiscovery(
  pick: (d: GetDiscoveryResponse) => JsonObject | undefined,
  send: (res: ServerResponse, doc: JsonObject, remainingSeconds: number) => void,
): Handler {
  return async (_req, res, ctx) => {
    let cached;
    try {
      cached = await ctx.metadata.discovery();
    } catch (err) {
      sendUnavailable(res, ctx, err, 'GetDiscovery');
      return;
    }
    const doc = pick(cached.value);
    if (!doc) {
      sendJson(res, 404, { error: 'not_found' }, CORS_ANY);
      return;
    }
    send(res, doc, cached.remainingSeconds);
  };
}

/**
 * Serves one discovery document (OIDC Discovery §4, RFC 8414 §3, OpenID4VCI 1.0
 * §12.2.2) from GetDiscovery; 404 when the core publishes none (e.g. no
 * credential issuer configured).
 */
export function discoveryDocument(pick: (d: GetDiscoveryResponse) => JsonObject | undefined): Handler {
  return fromDiscovery(pick, sendMetadata);
}

/** JSON-LD's media type (JSON-LD 1.1 §C.1); document loaders ask for it first. */
export const JSON_LD = 'application/ld+json';

/** One year: a versioned JSON-LD context never changes once published (a new version gets a new URL). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves a JSON-LD document from GetDiscovery as `application/ld+json`: the issuer's controller
 * document at `/`, cacheable for the discovery time left (its keys rotate), or Signet's context at
 * `/contexts/credentials/v1`, cacheable for a year (`immutable`).
 */
export function jsonLdDocument(pick: (d: GetDiscoveryResponse) => JsonObject | undefined, lifetime: 'discovery' | 'immutable'): Handler {
  return fromDiscovery(pick, (res, doc, remainingSeconds) => {
    const cacheControl = lifetime === 'immutable' ? IMMUTABLE : `public, max-age=${remainingSeconds}`;
    sendBody(res, 200, JSON_LD, JSON.stringify(doc), Object.assign({}, CORS_ANY, { 'Cache-Control': cacheControl }));
  });
}

/** Serves a JWK Set (RFC 7517 §5) with `Cache-Control: public, max-age` from the core's max age. */
export function jwks(purpose: JwksPurpose): Handler {
  return async (_req, res, ctx) => {
    try {
      const cached = await ctx.metadata.jwks(purpose);
      sendMetadata(res, cached.value, cached.remainingSeconds);
    } catch (err) {
      sendUnavailable(res, ctx, err, 'GetJwks');
    }
  };
}

/**
 * SD-JWT VC issuer metadata (`/.well-known/jwt-vc-issuer`, SD-JWT VC §5):
 * the core's document with the credential-purpose keys inlined as `jwks`, unless
 * the document points to them with `jwks_uri` (the two MUST NOT both appear).
 */
export const jwtVcIssuer: Handler = async (_req, res, ctx) => {
  try {
    const [discovery, keys] = await Promise.all([ctx.metadata.discovery(), ctx.metadata.jwks('credential')]);
    const doc = discovery.value.jwtVcIssuer;
    if (!doc) {
      sendJson(res, 404, { error: 'not_found' }, CORS_ANY);
      return;
    }
    const body = 'jwks_uri' in doc ? doc : Object.assign({}, doc, { jwks: keys.value });
    sendMetadata(res, body, Math.min(discovery.remainingSeconds, keys.remainingSeconds));
  } catch (err) {
    sendUnavailable(res, ctx, err, 'GetDiscovery/GetJwks');
  }
};
