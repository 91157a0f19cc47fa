import test from 'ava';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { issueCredential } from '../../src/vc/formats/issue-credential.js';
import { didKeyFromJwk } from '../../src/vc/keys/did-key.js';
import { jwtVcConfig } from './helpers/configurations.js';
import { holderKey } from './helpers/holder-keys.js';
import { ISSUER_ID, PERSON, RELEASED, testIssuer } from './helpers/issuer.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const NOW_S = NOW / 1000;
const issuer = testIssuer();
const holder = await holderKey('EdDSA');
const holderDid = didKeyFromJwk(holder.publicJwk);
const issued = await issueCredential({
  configuration: jwtVcConfig, claims: PERSON, holder: { jwk: holder.publicJwk, did: holderDid }, issuer, now: NOW,
  jti: 'urn:uuid:0d6f7a2e-58c4-4a1c-9a0e-3f1c2b7d9e10',
});
const credential = issued.credential as string;
const issuerKey = await importJWK(issuer.keys.es256!.publicJwk, 'ES256');

test('jose verifies the JWT VC against the issuer public JWK, with iss and sub = holder DID', async (t) => {
  t.is(issued.format, 'jwt_vc_json');
  t.deepEqual(decodeProtectedHeader(credential), { alg: 'ES256', typ: 'JWT', kid: 'es256-2025' });
  const { payload } = await jwtVerify(credential, issuerKey, {
    issuer: ISSUER_ID, subject: holderDid, algorithms: ['ES256'], currentDate: new Date(NOW),
  });
  t.is(payload.nbf, NOW_S);
  t.is(payload.exp, NOW_S + 31536000);
  t.is(payload.jti, 'urn:uuid:0d6f7a2e-58c4-4a1c-9a0e-3f1c2b7d9e10');
});

test('the vc claim is a VCDM 1.1 credential matching the registered claims', async (t) => {
  const { payload } = await jwtVerify(credential, issuerKey, { currentDate: new Date(NOW) });
  const vc = payload.vc as Record<string, any>;
  t.deepEqual(vc['@context'], ['https://www.w3.org/2018/credentials/v1']);
  t.deepEqual(vc.type, ['VerifiableCredential', 'NationalIdCredential']);
  t.is(vc.issuer, ISSUER_ID);
  t.is(vc.id, payload.jti);
  t.is(vc.issuanceDate, '2025-06-01T12:00:00Z');
  t.is(Date.parse(vc.expirationDate) / 1000, payload.exp!);
  t.is(vc.credentialSubject.id, holderDid);
  t.deepEqual(Object.keys(vc.credentialSubject).sort(), ['id', ...RELEASED].sort());
  t.deepEqual(vc.credentialSubject.address, PERSON.address);
});

test('verification fails with another issuer key, before nbf and after exp', async (t) => {
  await t.throwsAsync(jwtVerify(credential, await importJWK(testIssuer().keys.es256!.publicJwk, 'ES256')));
  await t.throwsAsync(jwtVerify(credential, issuerKey, { currentDate: new Date(NOW - 60_000) }), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
  await t.throwsAsync(jwtVerify(credential, issuerKey, { currentDate: new Date(NOW + 31536001_000) }), { code: 'ERR_JWT_EXPIRED' });
});

test('without a holder DID the subject is the did:jwk of the holder key, and jti is a fresh urn:uuid', async (t) => {
  const other = await issueCredential({ configuration: jwtVcConfig, claims: PERSON, holder: { jwk: holder.publicJwk }, issuer, now: NOW });
  const { payload } = await jwtVerify(other.credential as string, issuerKey, { currentDate: new Date(NOW) });
  t.regex(payload.sub ?? '', /^did:jwk:/);
  t.regex(payload.jti ?? '', /^urn:uuid:[0-9a-f-]{36}$/);
  t.not(payload.jti, 'urn:uuid:0d6f7a2e-58c4-4a1c-9a0e-3f1c2b7d9e10');
});
