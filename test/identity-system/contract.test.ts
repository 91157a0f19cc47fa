/**
 * The identity-system contract end to end in process: the gRPC adapter (what the core
 * uses) talking through Connect's router transport to the service wrapper around the
 * bundled mock — every RPC, both claim formats, and every listed error surviving the wire.
 */
import test from 'ava';
import { MOCK_OTP, type AuthChallenge } from '../../src/identity/index.js';
import { placeholderIsoRecord } from '../../src/identity/mock/biometric-matcher.js';
import { mockKycSigner } from '../../src/identity/mock/kyc-signer.js';
import { AISHA, KOFI, RP } from '../identity/helpers.js';
import { adapterFor, mockService } from './helpers.js';

const auth = (individualId: string, ...challenges: AuthChallenge[]) => ({ transactionId: 'txn-1', individualId, ...RP, challenges });

test('DeliverOtp then KycAuth with the OTP logs the person in and gives a stable partner-specific token', async (t) => {
  const { impl } = mockService();
  const idsys = adapterFor(impl);
  t.deepEqual(await idsys.sendOtp({ transactionId: 'txn-1', individualId: AISHA.individualId, channels: ['phone'], ...RP }), { maskedMobile: 'XXXXXXX01571' });
  const first = await idsys.kycAuth(auth(AISHA.individualId, { type: 'OTP', value: MOCK_OTP }));
  const second = await idsys.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: AISHA.pin }));
  t.regex(first.kycToken, /^[A-Za-z0-9_-]{43}$/);
  t.is(first.subjectId, second.subjectId, 'same person, same token whatever the factor');
  t.not(first.kycToken, second.kycToken);
});

test('knowledge-based and biometric challenges cross the wire intact', async (t) => {
  const { impl } = mockService();
  const idsys = adapterFor(impl);
  await t.notThrowsAsync(idsys.kycAuth(auth(AISHA.individualId, { type: 'KBI', fields: { name: 'Aisha Rahman', birthdate: '1990-04-12' } })));
  await t.throwsAsync(idsys.kycAuth(auth(AISHA.individualId, { type: 'KBI', fields: { name: 'Aisha Rahman', birthdate: '1990-04-11' } })), { code: 'auth_failed' });
  const record = { bioType: 'Finger', bioSubType: 'Left IndexFinger', isoRecord: placeholderIsoRecord(AISHA.seed, 'Finger', 'Left IndexFinger') };
  await t.notThrowsAsync(idsys.kycAuth(auth(AISHA.individualId, { type: 'BIO', records: [record] })));
  await t.throwsAsync(idsys.kycAuth(auth(KOFI.individualId, { type: 'BIO', records: [record] })), { code: 'auth_failed' });
});

test('every listed error of DeliverOtp and KycAuth arrives as the same IdentityError code', async (t) => {
  const { impl } = mockService();
  const idsys = adapterFor(impl);
  const send = (individualId: string, channels: ('email' | 'phone')[]) => idsys.sendOtp({ transactionId: 'txn-1', individualId, channels, ...RP });
  await t.throwsAsync(send('1234567890', []), { name: 'IdentityError', code: 'invalid_individual_id' });
  await t.throwsAsync(send(KOFI.individualId, ['phone']), { name: 'IdentityError', code: 'send_otp_failed' });
  await t.throwsAsync(idsys.kycAuth(auth(AISHA.individualId, { type: 'OTP', value: MOCK_OTP })), { name: 'IdentityError', code: 'invalid_transaction' });
  await t.throwsAsync(idsys.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: '000000' })), { name: 'IdentityError', code: 'auth_failed' });
  await t.throwsAsync(idsys.kycAuth(auth(AISHA.individualId)), { name: 'IdentityError', code: 'invalid_challenge' });
  await t.throwsAsync(idsys.kycAuth(auth('1234567890', { type: 'PIN', value: AISHA.pin })), { name: 'IdentityError', code: 'invalid_individual_id' });
});

test('KycExchange returns only accepted claims, localised, and repeatedly until revoked', async (t) => {
  const { impl } = mockService();
  const idsys = adapterFor(impl);
  const { kycToken } = await idsys.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: AISHA.pin }));
  const read = (claimsLocales: string[]) => idsys.kycExchange({ kycToken, clientId: RP.clientId, relyingPartyId: RP.relyingPartyId, claims: ['name', 'address', 'updated_at', 'email_verified'], claimsLocales });
  t.deepEqual(await read(['en']), {
    name: 'Aisha Rahman', email_verified: true, updated_at: Date.UTC(2024, 10, 2, 9, 30) / 1000,
    address: { street_address: '14 Corniche Street', locality: 'Doha', region: 'Ad Dawhah', postal_code: '00974', country: 'Qatar' },
  });
  t.like(await read(['ar', 'en']), { 'name#ar': 'عائشة رحمن', 'name#en': 'Aisha Rahman' });
  await idsys.revokeKycToken(kycToken);
  await idsys.revokeKycToken(kycToken);
  await t.throwsAsync(read([]), { name: 'IdentityError', code: 'kyc_exchange_failed' });
  await t.throwsAsync(idsys.kycExchange({ kycToken: 'never-issued', clientId: RP.clientId, claims: ['name'], claimsLocales: [] }), { code: 'kyc_exchange_failed' });
});

test('signed claims verify against the keys GetCapabilities publishes and carry the same claims', async (t) => {
  const { impl } = mockService();
  const signed = adapterFor(impl, { claimsFormat: 'signed' });
  const { kycToken } = await signed.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: AISHA.pin }));
  t.deepEqual(await signed.kycExchange({ kycToken, clientId: RP.clientId, claims: ['name', 'birthdate'], claimsLocales: ['en'] }), { name: 'Aisha Rahman', birthdate: '1990-04-12' });
});

test('signed claims from a key that is not published, or for another client, are refused as a contract violation', async (t) => {
  const honest = mockKycSigner();
  // Publishes the honest key but signs with another one under the same kid.
  const { impl: forgedImpl } = mockService({ jwks: honest.jwks, sign: async (p) => {
    const { generateKeyPair, CompactSign } = await import('jose');
    const { privateKey } = await generateKeyPair('EdDSA');
    return new CompactSign(new TextEncoder().encode(JSON.stringify(p))).setProtectedHeader({ alg: 'EdDSA', kid: 'signet-mock-kyc-1' }).sign(privateKey);
  } });
  const forged = adapterFor(forgedImpl, { claimsFormat: 'signed' });
  const { kycToken } = await forged.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: AISHA.pin }));
  await t.throwsAsync(forged.kycExchange({ kycToken, clientId: RP.clientId, claims: ['name'], claimsLocales: [] }), { name: 'IdentitySystemUnavailableError', message: /do not verify/ });

  // Signed for the audience in the token, but the token is presented by another client id.
  const { impl: otherAud } = mockService({ jwks: honest.jwks, sign: (p) => honest.sign({ ...p, aud: 'someone-else' }) });
  const aud = adapterFor(otherAud, { claimsFormat: 'signed' });
  const login = await aud.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: AISHA.pin }));
  await t.throwsAsync(aud.kycExchange({ kycToken: login.kycToken, clientId: RP.clientId, claims: ['name'], claimsLocales: [] }), { name: 'IdentitySystemUnavailableError', message: /audience/ });
});

test('GetCapabilities describes the mock: factors, channels, claims, formats and its signing key', async (t) => {
  const { impl } = mockService();
  const caps = await adapterFor(impl).capabilities();
  t.deepEqual(caps.challengeTypes, ['OTP', 'PIN', 'BIO', 'KBI']);
  t.deepEqual(caps.otpChannels, ['email', 'phone']);
  t.true(caps.claims.includes('individual_id'));
  t.deepEqual([...caps.claimsLocales].sort(), ['ara', 'eng', 'fra']);
  const raw = await impl.getCapabilities({} as never, {} as never) as { kycSigningJwks?: { keys: { kid: string; d?: string }[] }; claimsFormats: number[] };
  t.deepEqual(raw.claimsFormats, [1, 2]);
  t.is(raw.kycSigningJwks?.keys[0]?.kid, 'signet-mock-kyc-1');
  t.is(raw.kycSigningJwks?.keys[0]?.d, undefined, 'public members only');
});
