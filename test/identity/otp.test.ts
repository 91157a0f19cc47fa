import test from 'ava';
import { IdentityErrorCode, MOCK_OTP } from '../../src/identity/index.js';
import { AISHA, CAMILLE, KOFI, RP, makeMock } from './helpers.js';

const auth = (transactionId: string, individualId: string, otp: string) => ({
  transactionId, individualId, ...RP, challenges: [{ type: 'OTP', value: otp }] as const,
});
const send = (transactionId: string, individualId: string, channels: ('email' | 'phone')[] = []) => ({
  transactionId, individualId, channels, ...RP,
});

test('accepts the fixed OTP after a send for the same transaction and individual', async (t) => {
  const { idp } = makeMock();
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  const result = await idp.kycAuth(auth('txn-1', AISHA.individualId, MOCK_OTP));
  t.is(MOCK_OTP, '111111');
  t.regex(result.kycToken, /^[A-Za-z0-9_-]{43}$/);
  t.not(result.subjectId, AISHA.individualId);
});

test('refuses an OTP with invalid_transaction when none was sent', async (t) => {
  const { idp } = makeMock();
  await t.throwsAsync(idp.kycAuth(auth('txn-1', AISHA.individualId, MOCK_OTP)), { code: IdentityErrorCode.InvalidTransaction });
});

test('an OTP sent in one transaction or for one person is not valid for another', async (t) => {
  const { idp } = makeMock();
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  await t.throwsAsync(idp.kycAuth(auth('txn-2', AISHA.individualId, MOCK_OTP)), { code: 'invalid_transaction' });
  await t.throwsAsync(idp.kycAuth(auth('txn-1', CAMILLE.individualId, MOCK_OTP)), { code: 'invalid_transaction' });
});

test('a wrong OTP fails with auth_failed and leaves the sent OTP usable', async (t) => {
  const { idp } = makeMock();
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  const err = await t.throwsAsync(idp.kycAuth(auth('txn-1', AISHA.individualId, '123456')), { code: 'auth_failed' });
  t.is(err?.name, 'IdentityError');
  await t.throwsAsync(idp.kycAuth(auth('txn-1', AISHA.individualId, '1111111')), { code: 'auth_failed' });
  await t.notThrowsAsync(idp.kycAuth(auth('txn-1', AISHA.individualId, MOCK_OTP)));
});

test('an OTP expires 180 s after the send by default', async (t) => {
  const { idp, time } = makeMock();
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  time.advance(179);
  await idp.sendOtp(send('txn-2', AISHA.individualId));
  await t.notThrowsAsync(idp.kycAuth(auth('txn-1', AISHA.individualId, MOCK_OTP)));
  time.advance(180);
  await t.throwsAsync(idp.kycAuth(auth('txn-2', AISHA.individualId, MOCK_OTP)), { code: 'auth_failed', message: /expired/ });
  // Once expired it is gone: a retry needs a new send.
  await t.throwsAsync(idp.kycAuth(auth('txn-2', AISHA.individualId, MOCK_OTP)), { code: 'invalid_transaction' });
});

test('the OTP lifetime is configurable and a resend restarts it', async (t) => {
  const { idp, time } = makeMock({ otpTtlSeconds: 30 });
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  time.advance(25);
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  time.advance(25);
  await t.notThrowsAsync(idp.kycAuth(auth('txn-1', AISHA.individualId, MOCK_OTP)));
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  time.advance(30);
  await t.throwsAsync(idp.kycAuth(auth('txn-1', AISHA.individualId, MOCK_OTP)), { code: 'auth_failed' });
});

test('an OTP is single use', async (t) => {
  const { idp } = makeMock();
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  await idp.kycAuth(auth('txn-1', AISHA.individualId, MOCK_OTP));
  await t.throwsAsync(idp.kycAuth(auth('txn-1', AISHA.individualId, MOCK_OTP)), { code: 'invalid_transaction' });
});

test('the OTP is not consumed when another factor of the same request fails', async (t) => {
  const { idp } = makeMock();
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  const both = (pin: string) => ({
    transactionId: 'txn-1', individualId: AISHA.individualId, ...RP,
    challenges: [{ type: 'OTP', value: MOCK_OTP }, { type: 'PIN', value: pin }] as const,
  });
  await t.throwsAsync(idp.kycAuth(both('000000')), { code: 'auth_failed' });
  await t.notThrowsAsync(idp.kycAuth(both(AISHA.pin)));
});

test('sendOtp masks the destinations of the requested channels like eSignet', async (t) => {
  const { idp } = makeMock();
  t.deepEqual(await idp.sendOtp(send('txn-1', AISHA.individualId)), {
    maskedEmail: 'XXsXX.XXhXXn@example.org',
    maskedMobile: 'XXXXXXX01571',
  });
  t.deepEqual(await idp.sendOtp(send('txn-1', AISHA.individualId, ['phone'])), { maskedMobile: 'XXXXXXX01571' });
  t.deepEqual(await idp.sendOtp(send('txn-1', AISHA.individualId, ['email'])), { maskedEmail: 'XXsXX.XXhXXn@example.org' });
});

test('sendOtp fails for unknown individuals, missing contacts and unknown channels', async (t) => {
  const { idp } = makeMock();
  await t.throwsAsync(idp.sendOtp(send('txn-1', '1234567890')), { code: 'invalid_individual_id' });
  // Kofi has an e-mail address but no phone number.
  await t.throwsAsync(idp.sendOtp(send('txn-1', KOFI.individualId, ['phone'])), { code: 'send_otp_failed' });
  await t.throwsAsync(idp.sendOtp(send('txn-1', KOFI.individualId, ['fax' as 'phone'])), { code: 'invalid_otp_channel' });
  // A failed send does not make an OTP valid.
  await t.throwsAsync(idp.kycAuth(auth('txn-1', KOFI.individualId, MOCK_OTP)), { code: 'invalid_transaction' });
});

test('neither the OTP, the PIN nor the individual id is logged', async (t) => {
  const { idp, logger } = makeMock();
  await idp.sendOtp(send('txn-1', AISHA.individualId));
  await idp.kycAuth({ ...auth('txn-1', AISHA.individualId, MOCK_OTP), challenges: [{ type: 'OTP', value: MOCK_OTP }, { type: 'PIN', value: AISHA.pin }] });
  const afterStartup = JSON.stringify(logger.lines.slice(1));
  t.false(afterStartup.includes(MOCK_OTP));
  t.false(afterStartup.includes(AISHA.pin));
  t.false(afterStartup.includes(AISHA.individualId));
  t.true(logger.lines.some((l) => l.level === 'info' && /OTP/.test(l.msg)));
});
