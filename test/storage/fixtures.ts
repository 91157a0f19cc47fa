import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { NewClient } from '../../src/core/ports/storage/index.js';

/** A fresh public JWK (P-256 is cheap to generate). */
export function publicJwk(): JWK {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK;
}

/** A unique id, so tests sharing one database never collide. */
export function uid(prefix = ''): string {
  return prefix + randomBytes(9).toString('base64url');
}

/** A complete client registration with sensible values. */
export function newClient(overrides: Partial<NewClient> = {}): NewClient {
  return {
    clientId: uid('client-'),
    name: 'Health Portal',
    nameLangmap: { eng: 'Health Portal', fra: 'Portail santé' },
    logoUri: 'https://rp.example/logo.png',
    redirectUris: ['https://rp.example/cb'],
    publicKey: publicJwk(),
    allowedClaims: ['name', 'birthdate'],
    acrValues: ['mosip:idp:acr:generated-code'],
    grantTypes: ['authorization_code'],
    tokenEndpointAuthMethods: ['private_key_jwt'],
    status: 'ACTIVE',
    userinfoResponseType: 'JWS',
    encryptionPublicKey: null,
    idTokenSignedResponseAlg: 'RS256',
    relyingPartyId: 'rp-1',
    consentExpireMinutes: null,
    ...overrides,
  };
}
