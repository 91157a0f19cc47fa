import test from 'ava';
import { AISHA, CAMILLE, KOFI, RP, makeMock } from './helpers.js';

type Mock = ReturnType<typeof makeMock>['idp'];

async function login(idp: Mock, person: { individualId: string; pin: string }, clientId: string = RP.clientId) {
  return idp.kycAuth({
    transactionId: 'txn-1', individualId: person.individualId, clientId, relyingPartyId: RP.relyingPartyId,
    challenges: [{ type: 'PIN', value: person.pin }],
  });
}

test('returns only the requested claims the person has', async (t) => {
  const { idp } = makeMock();
  const { kycToken } = await login(idp, KOFI);
  const claims = await idp.kycExchange({
    kycToken, clientId: RP.clientId, claimsLocales: [],
    claims: ['name', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'birthdate', 'nickname', 'pin'],
  });
  t.deepEqual(claims, { name: 'Kofi Mensah', email: 'kofi.mensah@example.com', email_verified: false, birthdate: '2001-02-07' });
});

test('maps every supported claim to its OIDC shape', async (t) => {
  const { idp } = makeMock();
  const { kycToken } = await login(idp, AISHA);
  const claims = await idp.kycExchange({
    kycToken, clientId: RP.clientId, claimsLocales: ['en'],
    claims: ['name', 'given_name', 'family_name', 'birthdate', 'gender', 'email', 'email_verified', 'phone_number',
      'phone_number_verified', 'address', 'picture', 'locale', 'individual_id', 'updated_at'],
  });
  t.like(claims, {
    name: 'Aisha Rahman', given_name: 'Aisha', family_name: 'Rahman', birthdate: '1990-04-12', gender: 'Female',
    email: 'aisha.rahman@example.org', email_verified: true, phone_number: '+97455501571', phone_number_verified: true,
    locale: 'en', individual_id: AISHA.individualId, updated_at: Date.UTC(2024, 10, 2, 9, 30) / 1000,
  });
  t.deepEqual(claims.address, {
    street_address: '14 Corniche Street', locality: 'Doha', region: 'Ad Dawhah', postal_code: '00974', country: 'Qatar',
  });
  t.regex(String(claims.picture), /^data:image\/svg\+xml;base64,/);
  t.false('sub' in claims);
  t.false('pin' in claims);
});

test('picks the best language for one locale and falls back to the default language', async (t) => {
  const { idp } = makeMock();
  const { kycToken } = await login(idp, AISHA);
  const read = (claimsLocales: string[]) => idp.kycExchange({ kycToken, clientId: RP.clientId, claims: ['name', 'gender'], claimsLocales });
  t.deepEqual(await read(['ar']), { name: 'عائشة رحمن', gender: 'أنثى' });
  t.deepEqual(await read(['ara']), { name: 'عائشة رحمن', gender: 'أنثى' });
  t.deepEqual(await read(['en-GB']), { name: 'Aisha Rahman', gender: 'Female' });
  t.deepEqual(await read([]), { name: 'Aisha Rahman', gender: 'Female' });
  // No stored language matches: the default language (eng) is returned.
  t.deepEqual(await read(['de']), { name: 'Aisha Rahman', gender: 'Female' });
  // Several asked, only one present: the plain claim name.
  t.deepEqual(await read(['de', 'ar']), { name: 'عائشة رحمن', gender: 'أنثى' });
});

test('returns claim#lang keys when several locales are asked and several match', async (t) => {
  const { idp } = makeMock();
  const { kycToken } = await login(idp, CAMILLE);
  const claims = await idp.kycExchange({
    kycToken, clientId: RP.clientId, claims: ['gender', 'address', 'birthdate'], claimsLocales: ['fr', 'en'],
  });
  t.deepEqual(claims, {
    'gender#fr': 'Homme',
    'gender#en': 'Male',
    birthdate: '1985-09-30',
    address: {
      'street_address#fr': '8 rue de la République',
      'street_address#en': '8 Republic Street',
      'locality#fr': 'Lyon',
      'locality#en': 'Lyon',
      'region#fr': 'Auvergne-Rhône-Alpes',
      'region#en': 'Auvergne-Rhône-Alpes',
      postal_code: '69002',
      'country#fr': 'France',
      'country#en': 'France',
    },
  });
  // Single-language values stay plain even when several locales are asked.
  const kofi = await login(idp, KOFI);
  t.deepEqual(await idp.kycExchange({ kycToken: kofi.kycToken, clientId: RP.clientId, claims: ['name'], claimsLocales: ['fr', 'en'] }),
    { name: 'Kofi Mensah' });
});

test('the KYC token can be read repeatedly until it expires (default 3600 s)', async (t) => {
  const { idp, time } = makeMock();
  const { kycToken } = await login(idp, AISHA);
  const read = () => idp.kycExchange({ kycToken, clientId: RP.clientId, claims: ['email'], claimsLocales: [] });
  t.deepEqual(await read(), { email: 'aisha.rahman@example.org' });
  time.advance(3599);
  t.deepEqual(await read(), { email: 'aisha.rahman@example.org' });
  time.advance(1);
  await t.throwsAsync(read(), { code: 'kyc_exchange_failed' });
});

test('the KYC token lifetime is configurable', async (t) => {
  const { idp, time } = makeMock({ kycTokenTtlSeconds: 60 });
  const { kycToken } = await login(idp, AISHA);
  time.advance(59);
  await t.notThrowsAsync(idp.kycExchange({ kycToken, clientId: RP.clientId, claims: ['name'], claimsLocales: [] }));
  time.advance(1);
  await t.throwsAsync(idp.kycExchange({ kycToken, clientId: RP.clientId, claims: ['name'], claimsLocales: [] }), { code: 'kyc_exchange_failed' });
});

test('a revoked KYC token is refused at once, and revocation is idempotent', async (t) => {
  const { idp } = makeMock();
  const first = await login(idp, AISHA);
  const second = await login(idp, AISHA);
  await idp.revokeKycToken(first.kycToken);
  await idp.revokeKycToken(first.kycToken);
  await idp.revokeKycToken('never-issued');
  await t.throwsAsync(idp.kycExchange({ kycToken: first.kycToken, clientId: RP.clientId, claims: ['name'], claimsLocales: [] }),
    { code: 'kyc_exchange_failed' });
  t.deepEqual(await idp.kycExchange({ kycToken: second.kycToken, clientId: RP.clientId, claims: ['name'], claimsLocales: ['en'] }),
    { name: 'Aisha Rahman' });
});

test('a KYC token is bound to its client and unknown tokens are refused', async (t) => {
  const { idp } = makeMock();
  const { kycToken } = await login(idp, AISHA, 'client-a');
  await t.throwsAsync(idp.kycExchange({ kycToken, clientId: 'client-b', claims: ['name'], claimsLocales: [] }), { code: 'kyc_exchange_failed' });
  await t.throwsAsync(idp.kycExchange({ kycToken: `${kycToken}x`, clientId: 'client-a', claims: ['name'], claimsLocales: [] }), { code: 'kyc_exchange_failed' });
  await t.notThrowsAsync(idp.kycExchange({ kycToken, clientId: 'client-a', claims: ['name'], claimsLocales: [] }));
});
