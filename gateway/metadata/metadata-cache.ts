import type { JsonObject } from '@bufbuild/protobuf';
import type { GetDiscoveryResponse } from '../../src/gen/signet/v1/identity_pb.js';
import type { CoreClient } from '../context.js';
import { ttlCache, type Cached } from './ttl-cache.js';

/** JWK Set purposes of GetJwks. */
export type JwksPurpose = 'token' | 'credential';

/** The metadata the gateway publishes, cached in memory. */
export interface MetadataCache {
  /** The discovery documents (GetDiscovery), cached for the configured time. */
  discovery(): Promise<Cached<GetDiscoveryResponse>>;
  /** A JWK Set (GetJwks), cached for the `max_age_seconds` the core returns. */
  jwks(purpose: JwksPurpose): Promise<Cached<JsonObject>>;
}

/**
 * Creates the metadata cache. GetDiscovery has no max age in the contract, so
 * `discoveryMaxAgeSeconds` decides how long the documents are reused.
 */
export function createMetadataCache(
  client: CoreClient,
  discoveryMaxAgeSeconds: number,
  now: () => number,
): MetadataCache {
  const discovery = ttlCache(async () => {
    const value = await client.getDiscovery({});
    return { value, maxAgeSeconds: discoveryMaxAgeSeconds };
  }, now);
  const jwksFor = (purpose: JwksPurpose) =>
    ttlCache(async () => {
      const r = await client.getJwks({ purpose });
      return { value: r.jwks ?? { keys: [] }, maxAgeSeconds: Number(r.maxAgeSeconds) };
    }, now);
  const jwks = { token: jwksFor('token'), credential: jwksFor('credential') };
  return { discovery, jwks: (purpose) => jwks[purpose]() };
}
