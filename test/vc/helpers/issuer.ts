import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import type { Issuer, IssuerKey } from '../../../src/vc/keys/issuer-keys.js';

export const ISSUER_ID = 'https://id.signet.test';

function key(type: 'ec' | 'ed25519', kid: string): IssuerKey {
  const pair = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return { kid, privateKey: pair.privateKey, publicJwk: { ...(pair.publicKey.export({ format: 'jwk' }) as JWK), kid } };
}

/** A fresh issuer with an ES256 and an Ed25519 key, as the key manager would hand them over. */
export function testIssuer(id = ISSUER_ID): Issuer {
  return { id, keys: { es256: key('ec', 'es256-2025'), ed25519: key('ed25519', 'ed25519-2025') } };
}

/** What the identity system returns for one person; phone_number and picture are absent. */
export const PERSON = {
  individual_id: '8251649601',
  name: 'Amara Okafor',
  given_name: 'Amara',
  family_name: 'Okafor',
  birthdate: '1990-04-12',
  gender: 'female',
  email: 'amara@example.test',
  address: { street_address: '12 Palm Avenue', locality: 'Ikeja', region: 'Lagos', postal_code: '100001', country: 'NG' },
  biometric_template: 'must-never-appear',
} as const;

/** Claims the default configurations release for PERSON. */
export const RELEASED = ['individual_id', 'given_name', 'family_name', 'birthdate', 'gender', 'address', 'email'] as const;
