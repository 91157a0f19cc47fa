/**
 * Signet's own JWTs are verified over node:crypto (src/core/flow/verify-jws.ts): a token jose
 * signs verifies for each algorithm Signet signs with; anything tampered, re-labelled or
 * malformed is refused; and the claim checks are the ones jose's jwtVerify made.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import test from 'ava';
import { SignJWT, type JWTPayload } from 'jose';
import { jwtClaimsProblem, peekJwsHeader, verifyCompactJws } from '../../src/core/flow/verify-jws.js';

const NOW = 1_700_000_000_000;
const nowS = NOW / 1000;
const pairs = {
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  EdDSA: generateKeyPairSync('ed25519'),
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  PS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
} as const;
type Alg = keyof typeof pairs;

const claims: JWTPayload = { iss: 'https://signet.example', sub: 's', client_id: 'c', aud: 'rp', exp: nowS + 60, iat: nowS };
const jwt = (alg: Alg, payload: JWTPayload = claims, header: Record<string, unknown> = {}) =>
  new SignJWT(payload).setProtectedHeader({ alg, typ: 'at+jwt', kid: 'k1', ...header }).sign(pairs[alg].privateKey as KeyObject);
const expect = { typ: 'at+jwt', issuer: 'https://signet.example', nowMs: NOW, toleranceSeconds: 5, required: ['sub', 'client_id'] };

for (const alg of Object.keys(pairs) as Alg[]) {
  test(`${alg}: a token jose signed verifies and yields its header and claims`, async (t) => {
    const jws = verifyCompactJws(await jwt(alg), pairs[alg].publicKey, alg);
    t.is(jws?.header.kid, 'k1');
    t.deepEqual(jws?.payload, claims);
    t.is(jwtClaimsProblem(jws!, expect), null);
  });
}

test('refuses a changed payload, another key, another algorithm and a signature of the wrong length', async (t) => {
  const token = await jwt('ES256');
  const [h, p, s] = token.split('.') as [string, string, string];
  const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url');
  t.is(verifyCompactJws(`${h}.${forged}.${s}`, pairs.ES256.publicKey, 'ES256'), null);
  t.is(verifyCompactJws(token, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, 'ES256'), null);
  t.is(verifyCompactJws(token, pairs.ES256.publicKey, 'RS256'), null, 'the header names ES256');
  t.is(verifyCompactJws(token, pairs.RS256.publicKey, 'ES256'), null, 'an RSA key cannot check ES256');
  t.is(verifyCompactJws(`${h}.${p}.${s.slice(0, -4)}`, pairs.ES256.publicKey, 'ES256'), null);
});

test('refuses crit and b64 headers and malformed compact serialisations', async (t) => {
  const key = pairs.ES256.publicKey;
  // jose refuses to sign these headers: the tokens are signed here, validly.
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signed = (header: Record<string, unknown>) => {
    const input = `${b64({ alg: 'ES256', typ: 'at+jwt', ...header })}.${b64(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), { key: pairs.ES256.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };
  t.truthy(verifyCompactJws(signed({}), key, 'ES256'), 'the same token without them verifies');
  t.is(verifyCompactJws(signed({ crit: ['x'], x: 1 }), key, 'ES256'), null);
  t.is(verifyCompactJws(signed({ b64: true }), key, 'ES256'), null);
  const token = await jwt('ES256');
  const [h, p, s] = token.split('.') as [string, string, string];
  for (const bad of ['', token + '.', `${h}.${p}`, `.${p}.${s}`, `${h}..${s}`, `${h}.${p}.${s}=`, `${h}.${p}.${s} `, `${h}+.${p}.${s}`, 'a.b.c']) {
    t.is(verifyCompactJws(bad, key, 'ES256'), null, JSON.stringify(bad.slice(-12)));
  }
  t.is(peekJwsHeader('bm90IGpzb24.e30.x'), null, 'a header that is not JSON');
  t.is(peekJwsHeader('WzFd.e30.x'), null, 'a header that is not an object');
  t.is(peekJwsHeader(token)?.alg, 'ES256');
});

test('claim checks: typ, issuer, expiry with tolerance, nbf, iat and required claims', async (t) => {
  const key = pairs.ES256.publicKey;
  const problem = async (payload: JWTPayload, header: Record<string, unknown> = {}) =>
    jwtClaimsProblem(verifyCompactJws(await jwt('ES256', payload, header), key, 'ES256')!, expect);
  t.is(await problem(claims, { typ: 'application/AT+JWT' }), null, 'typ compared without application/ and case');
  t.is(await problem(claims, { typ: 'JWT' }), 'typ', 'an ID token is not an access token');
  t.is(await problem({ ...claims, iss: 'https://other.example' }), 'iss');
  t.is(await problem({ ...claims, exp: nowS - 5 }), 'exp', 'expired beyond the tolerance');
  t.is(await problem({ ...claims, exp: nowS - 4 }), null, 'within the tolerance');
  t.is(await problem({ ...claims, exp: undefined }), 'exp');
  t.is(await problem({ ...claims, nbf: nowS + 6 }), 'nbf');
  t.is(await problem({ ...claims, nbf: nowS + 5 }), null);
  t.is(await problem({ ...claims, iat: 'yesterday' as unknown as number }), 'iat');
  t.is(await problem({ ...claims, client_id: undefined }), 'client_id');
  t.is(await problem({ ...claims, sub: undefined }), 'sub');
});
