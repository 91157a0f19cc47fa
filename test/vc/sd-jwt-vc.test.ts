import test from 'ava';
import { digest, ES256 } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose';
import { issueCredential } from '../../src/vc/formats/issue-credential.js';
import { sdJwtConfig } from './helpers/configurations.js';
import { holderKey } from './helpers/holder-keys.js';
import { ISSUER_ID, PERSON, RELEASED, testIssuer } from './helpers/issuer.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const NOW_S = NOW / 1000;
const issuer = testIssuer();
const holder = await holderKey('ES256');
const issued = await issueCredential({ configuration: sdJwtConfig, claims: PERSON, holder: { jwk: holder.publicJwk }, issuer, now: NOW });
const credential = issued.credential as string;

/** A verifier that knows only the issuer's published ES256 key, and checks KB-JWTs against cnf.jwk. */
function verifier(issuerJwk: JWK) {
  return new SDJwtVcInstance({
    hasher: digest,
    verifier: async (data, signature) => (await ES256.getVerifier(issuerJwk))(data, signature),
    kbVerifier: async (data, signature, payload) => {
      const cnf = (payload as { cnf: { jwk: JWK } }).cnf.jwk;
      return (await ES256.getVerifier(cnf))(data, signature);
    },
  });
}

test('issues dc+sd-jwt with typ and the issuer kid in the header', (t) => {
  t.is(issued.format, 'dc+sd-jwt');
  t.deepEqual(decodeProtectedHeader(credential), { typ: 'dc+sd-jwt', alg: 'ES256', kid: 'es256-2025' });
});

test('@sd-jwt/sd-jwt-vc verifies it and recovers exactly the configured claims', async (t) => {
  const { payload } = await verifier(issuer.keys.es256!.publicJwk).verify(credential, { currentDate: NOW_S });
  t.is(payload.iss, ISSUER_ID);
  t.is(payload.vct, 'urn:signet:vct:national-id:1');
  t.is(payload.iat, NOW_S);
  t.is(payload.exp, NOW_S + 31536000);
  t.deepEqual(payload.cnf, { jwk: { kty: 'EC', crv: 'P-256', x: holder.publicJwk.x, y: holder.publicJwk.y } });
  const claims = (await verifier(issuer.keys.es256!.publicJwk).getClaims(credential)) as Record<string, unknown>;
  for (const name of RELEASED) t.deepEqual(claims[name], PERSON[name], name);
  t.false('phone_number' in claims, 'absent optional attribute omitted');
  t.false('picture' in claims);
  t.false('biometric_template' in claims, 'unmapped attribute never released');
});

test('every configured claim is a disclosure, none is in the signed payload in clear', async (t) => {
  const [jwt, ...rest] = credential.split('~');
  const disclosures = rest.filter(Boolean).map((d) => JSON.parse(Buffer.from(d, 'base64url').toString('utf8')) as unknown[]);
  t.deepEqual(disclosures.map((d) => d[1]).sort(), [...RELEASED].sort());
  t.true(disclosures.every((d) => d.length === 3 && typeof d[0] === 'string' && (d[0] as string).length >= 16), 'salted');
  const signed = JSON.parse(Buffer.from(jwt!.split('.')[1]!, 'base64url').toString('utf8'));
  t.is(signed._sd_alg, 'sha-256');
  t.is(signed._sd.length, RELEASED.length);
  for (const name of RELEASED) t.false(name in signed, `${name} only as a disclosure`);
});

test('the holder can present a subset with a key-binding JWT that the verifier checks against cnf.jwk', async (t) => {
  const sdJwt = new SDJwtVcInstance({
    hasher: digest,
    kbSignAlg: 'ES256',
    kbSigner: async (data) => (await ES256.getSigner(holder.privateJwk))(data),
  });
  const presentation = await sdJwt.present(credential, { given_name: true, birthdate: true }, {
    kb: { payload: { iat: NOW_S, aud: 'https://verifier.test', nonce: 'verifier-nonce' } },
  });
  const result = await verifier(issuer.keys.es256!.publicJwk).verify(presentation, {
    currentDate: NOW_S, keyBindingNonce: 'verifier-nonce',
  });
  t.is(result.kb?.payload.nonce, 'verifier-nonce');
  const shown = (await verifier(issuer.keys.es256!.publicJwk).getClaims(presentation)) as Record<string, unknown>;
  t.is(shown.given_name, 'Amara');
  t.is(shown.birthdate, '1990-04-12');
  t.false('family_name' in shown);
  t.false('individual_id' in shown);
});

test('a key-binding JWT signed by another key is refused', async (t) => {
  const thief = await holderKey('ES256');
  const sdJwt = new SDJwtVcInstance({
    hasher: digest, kbSignAlg: 'ES256', kbSigner: async (data) => (await ES256.getSigner(thief.privateJwk))(data),
  });
  const presentation = await sdJwt.present(credential, { given_name: true }, {
    kb: { payload: { iat: NOW_S, aud: 'https://verifier.test', nonce: 'n' } },
  });
  await t.throwsAsync(verifier(issuer.keys.es256!.publicJwk).verify(presentation, { currentDate: NOW_S, keyBindingNonce: 'n' }));
});

test('verification fails with another issuer key and after exp', async (t) => {
  await t.throwsAsync(verifier(testIssuer().keys.es256!.publicJwk).verify(credential, { currentDate: NOW_S }));
  await t.throwsAsync(verifier(issuer.keys.es256!.publicJwk).verify(credential, { currentDate: NOW_S + 31536001 }));
});

test('jose verifies the issuer-signed JWT with the public key alone', async (t) => {
  const jwt = credential.split('~')[0]!;
  const { payload } = await jwtVerify(jwt, await importJWK(issuer.keys.es256!.publicJwk, 'ES256'), {
    issuer: ISSUER_ID, typ: 'dc+sd-jwt', currentDate: new Date(NOW),
  });
  t.is(payload.vct, sdJwtConfig.vct);
  t.deepEqual(payload.cnf, { jwk: { kty: 'EC', crv: 'P-256', x: holder.publicJwk.x, y: holder.publicJwk.y } });
});
