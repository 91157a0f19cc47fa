import test from 'ava';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import type { CredentialConfiguration } from '../../src/vc/config/types.js';
import { IssuanceError } from '../../src/vc/formats/issuance-error.js';
import { issueCredential } from '../../src/vc/formats/issue-credential.js';
import { selectClaims } from '../../src/vc/formats/select-claims.js';
import { jwtVcConfig, ldpVcConfig, sdJwtConfig } from './helpers/configurations.js';
import { holderKey } from './helpers/holder-keys.js';
import { ISSUER_ID, PERSON, RELEASED, testIssuer } from './helpers/issuer.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const issuer = testIssuer();
const holder = await holderKey('ES256');
const all: CredentialConfiguration[] = [sdJwtConfig, jwtVcConfig, ldpVcConfig];

test('releases only mapped attributes, in configuration order, omitting absent optional ones', (t) => {
  const claims = selectClaims(sdJwtConfig, { ...PERSON, phone_number: null, picture: '' });
  t.deepEqual(Object.keys(claims), [...RELEASED]);
});

for (const configuration of all) {
  test(`${configuration.format}: a missing mandatory attribute stops issuance, naming it`, async (t) => {
    const { birthdate: _b, ...withoutBirthdate } = PERSON;
    const error = await t.throwsAsync(issueCredential({ configuration, claims: withoutBirthdate, holder: { jwk: holder.publicJwk }, issuer, now: NOW }), {
      instanceOf: IssuanceError,
    });
    t.is(error?.code, 'missing_mandatory_claim');
    t.is(error?.message, 'identity attribute birthdate is required for claim birthdate');
  });
}

test('a missing issuer key is an IssuanceError, not a crash', async (t) => {
  const noEd = { id: ISSUER_ID, keys: { es256: issuer.keys.es256! } };
  const error = await t.throwsAsync(issueCredential({ configuration: ldpVcConfig, claims: PERSON, holder: { jwk: holder.publicJwk }, issuer: noEd, now: NOW }));
  t.like(error, { code: 'missing_issuer_key', message: 'no issuer key for eddsa-rdfc-2022' });
});

test('refuses a holder key with private members', async (t) => {
  const error = await t.throwsAsync(issueCredential({ configuration: sdJwtConfig, claims: PERSON, holder: { jwk: holder.privateJwk }, issuer, now: NOW }));
  t.like(error, { code: 'unsupported_holder_key' });
});

test('an EdDSA configuration signs the JWT formats with the Ed25519 key', async (t) => {
  const configuration = { ...jwtVcConfig, credentialSigningAlg: 'EdDSA' as const };
  const { credential } = await issueCredential({ configuration, claims: PERSON, holder: { jwk: holder.publicJwk }, issuer, now: NOW });
  t.like(decodeProtectedHeader(credential as string), { alg: 'EdDSA', kid: 'ed25519-2025' });
  const key = await importJWK(issuer.keys.ed25519!.publicJwk, 'EdDSA');
  await t.notThrowsAsync(jwtVerify(credential as string, key, { currentDate: new Date(NOW) }));
});

test('a non-disclosable SD-JWT claim appears in the signed payload in clear', async (t) => {
  const claims = { ...sdJwtConfig.claims, individual_id: { ...sdJwtConfig.claims.individual_id!, selectivelyDisclosable: false } };
  const { credential } = await issueCredential({ configuration: { ...sdJwtConfig, claims }, claims: PERSON, holder: { jwk: holder.publicJwk }, issuer, now: NOW });
  const payload = JSON.parse(Buffer.from((credential as string).split('.')[1]!, 'base64url').toString('utf8'));
  t.is(payload.individual_id, '8251649601');
  t.false('given_name' in payload);
  t.is((credential as string).split('~').filter(Boolean).length - 1, RELEASED.length - 1);
});
