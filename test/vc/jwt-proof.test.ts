import test from 'ava';
import { SignJWT } from 'jose';
import { didJwkFromJwk } from '../../src/vc/keys/did-jwk.js';
import { didKeyFromJwk } from '../../src/vc/keys/did-key.js';
import { type JwtProofOptions, validateJwtProof } from '../../src/vc/proof/validate-jwt-proof.js';
import { holderKey, signProof, unsignedJwt } from './helpers/holder-keys.js';

const ISSUER = 'https://id.signet.test';
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const NOW_S = NOW / 1000;
const options: JwtProofOptions = {
  credentialIssuer: ISSUER,
  clientId: 'wallet-client',
  allowedAlgs: ['ES256', 'EdDSA', 'PS256'],
  bindingMethods: ['jwk', 'did:jwk', 'did:key'],
  now: NOW,
};
const claims = { aud: ISSUER, iat: NOW_S - 5, nonce: 'c-nonce-1', iss: 'wallet-client' };

const es = await holderKey('ES256');
const ed = await holderKey('EdDSA');
const other = await holderKey('ES256');
const jwkHeader = { jwk: es.publicJwk };

test('accepts a jwk proof and binds to a did:jwk of the public key', async (t) => {
  const result = await validateJwtProof(await signProof(es, jwkHeader, claims), options);
  t.deepEqual(result, {
    ok: true,
    holderJwk: { kty: 'EC', crv: 'P-256', x: es.publicJwk.x, y: es.publicJwk.y },
    holderDid: didJwkFromJwk(es.publicJwk),
    bindingMethod: 'jwk',
    nonce: 'c-nonce-1',
  });
});

test('accepts a did:jwk kid', async (t) => {
  const did = didJwkFromJwk(es.publicJwk);
  const result = await validateJwtProof(await signProof(es, { kid: `${did}#0` }, claims), options);
  t.like(result, { ok: true, holderDid: did, bindingMethod: 'did:jwk', nonce: 'c-nonce-1' });
});

test('accepts an Ed25519 did:key kid', async (t) => {
  const did = didKeyFromJwk(ed.publicJwk);
  const result = await validateJwtProof(await signProof(ed, { kid: `${did}#${did.slice(8)}` }, claims), options);
  t.like(result, { ok: true, holderDid: did, bindingMethod: 'did:key', holderJwk: { kty: 'OKP', crv: 'Ed25519', x: ed.publicJwk.x } });
});

test('accepts a P-256 did:key kid', async (t) => {
  const did = didKeyFromJwk(es.publicJwk);
  const result = await validateJwtProof(await signProof(es, { kid: `${did}#${did.slice(8)}` }, claims), options);
  t.like(result, { ok: true, holderDid: did, holderJwk: { kty: 'EC', crv: 'P-256', x: es.publicJwk.x, y: es.publicJwk.y } });
});

test('accepts a PS256 proof and an iat inside the future skew, and no iss', async (t) => {
  const rsa = await holderKey('PS256');
  const { iss: _iss, ...noIss } = claims;
  const result = await validateJwtProof(await signProof(rsa, { jwk: rsa.publicJwk }, { ...noIss, iat: NOW_S + 8 }), options);
  t.like(result, { ok: true, bindingMethod: 'jwk' });
});

type Case = [name: string, proof: () => Promise<string>, error: 'invalid_proof' | 'invalid_nonce', rule: RegExp, opts?: Partial<JwtProofOptions>];
const cases: Case[] = [
  ['alg none', async () => unsignedJwt({ alg: 'none', typ: 'openid4vci-proof+jwt', jwk: es.publicJwk }, claims), 'invalid_proof', /asymmetric/],
  ['HS256', async () => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'openid4vci-proof+jwt', jwk: es.publicJwk })
    .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!')), 'invalid_proof', /asymmetric/],
  ['a signature by a key other than the header jwk', () => signProof(other, jwkHeader, claims), 'invalid_proof', /signature must verify/],
  ['a did:key naming another key', () => signProof(other, { kid: didKeyFromJwk(es.publicJwk) }, claims), 'invalid_proof', /signature must verify/],
  ['aud of another issuer', () => signProof(es, jwkHeader, { ...claims, aud: 'https://other.test' }), 'invalid_proof', /aud must be the credential issuer/],
  ['a private key in the header jwk', () => signProof(es, { jwk: es.privateJwk }, claims), 'invalid_proof', /must not contain a private key/],
  ['both jwk and kid', () => signProof(es, { jwk: es.publicJwk, kid: didJwkFromJwk(es.publicJwk) }, claims), 'invalid_proof', /exactly one of jwk or kid, not both/],
  ['neither jwk nor kid', () => signProof(es, {}, claims), 'invalid_proof', /exactly one of jwk or kid/],
  ['x5c', () => signProof(es, { x5c: ['MIIB'] }, claims), 'invalid_proof', /x5c key references are not supported/],
  ['a kid that is not a DID', () => signProof(es, { kid: 'key-1' }, claims), 'invalid_proof', /did:jwk or did:key/],
  ['a stale iat', () => signProof(es, jwkHeader, { ...claims, iat: NOW_S - 301 }), 'invalid_proof', /older than the 300s freshness window/],
  ['a stale iat under a shorter window', () => signProof(es, jwkHeader, { ...claims, iat: NOW_S - 61 }), 'invalid_proof', /60s freshness/, { maxAgeSeconds: 60 }],
  ['a future iat', () => signProof(es, jwkHeader, { ...claims, iat: NOW_S + 11 }), 'invalid_proof', /must not be in the future/],
  ['no iat', () => signProof(es, jwkHeader, { ...claims, iat: undefined }), 'invalid_proof', /iat is required/],
  ['an expired exp', () => signProof(es, jwkHeader, { ...claims, exp: NOW_S - 60 }), 'invalid_proof', /exp, when present/],
  ['a missing nonce', () => signProof(es, jwkHeader, { ...claims, nonce: undefined }), 'invalid_nonce', /nonce claim is required/],
  ['an empty nonce', () => signProof(es, jwkHeader, { ...claims, nonce: '' }), 'invalid_nonce', /nonce claim is required/],
  ['typ JWT', () => signProof(es, { ...jwkHeader, typ: 'JWT' }, claims), 'invalid_proof', /typ must be openid4vci-proof\+jwt/],
  ['no typ', () => signProof(es, { ...jwkHeader, typ: undefined }, claims), 'invalid_proof', /typ must be/],
  ['iss of another client', () => signProof(es, jwkHeader, { ...claims, iss: 'someone-else' }), 'invalid_proof', /iss must be the client_id/],
  ['iss with anonymous access', () => signProof(es, jwkHeader, claims), 'invalid_proof', /iss must be omitted/, { clientId: null }],
  ['an alg the configuration does not list', () => signProof(ed, { jwk: ed.publicJwk }, claims), 'invalid_proof', /not in proof_signing_alg_values_supported/, { allowedAlgs: ['ES256'] }],
  ['a binding method the configuration does not list', () => signProof(es, jwkHeader, claims), 'invalid_proof', /binding method jwk is not supported/, { bindingMethods: ['did:key'] }],
  ['an alg that does not fit the key', async () => {
    const [, payload, signature] = (await signProof(ed, { kid: didKeyFromJwk(ed.publicJwk) }, claims)).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'openid4vci-proof+jwt', kid: didKeyFromJwk(ed.publicJwk) })).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }, 'invalid_proof', /signature must verify with the key the header references, using alg ES256/],
  ['text that is not a JWS', async () => 'not-a-jwt', 'invalid_proof', /compact JWS/],
];

for (const [name, proof, error, rule, opts] of cases) {
  test(`refuses ${name}`, async (t) => {
    const result = await validateJwtProof(await proof(), { ...options, ...opts });
    if (result.ok) return t.fail('proof was accepted');
    t.is(result.error, error);
    t.regex(result.description, rule);
  });
}

test('never echoes private key material in a description', async (t) => {
  const result = await validateJwtProof(await signProof(es, { jwk: es.privateJwk }, claims), options);
  t.false(result.ok);
  t.false(JSON.stringify(result).includes(es.privateJwk.d!));
});
