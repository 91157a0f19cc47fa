import test from 'ava';
import {
  placeholderBiometricMatcher, placeholderIsoRecord, type AuthChallenge, type BiometricMatcher,
} from '../../src/identity/index.js';
import { sbiBiometricMatcher } from '../../src/identity/mock/sbi-biometric-matcher.js';
import { buildSyntheticIsoRecord } from '../../src/sbi/iso/index.js';
import { AISHA, CAMILLE, RP, makeMock } from './helpers.js';

const auth = (individualId: string, ...challenges: AuthChallenge[]) => ({
  transactionId: 'txn-1', individualId, ...RP, challenges,
});
const bio = (...records: { bioType: string; bioSubType: string; isoRecord: Uint8Array }[]): AuthChallenge => ({
  type: 'BIO', records,
});
const finger = (seed: string, subType = 'Left IndexFinger') => ({
  bioType: 'Finger', bioSubType: subType, isoRecord: placeholderIsoRecord(seed, 'Finger', subType),
});

test('accepts the seeded PIN and refuses any other', async (t) => {
  const { idp } = makeMock();
  const ok = await idp.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: AISHA.pin }));
  t.truthy(ok.kycToken);
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: CAMILLE.pin })), { code: 'auth_failed' });
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: `${AISHA.pin}0` })), { code: 'auth_failed' });
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: '' })), { code: 'auth_failed' });
});

test('returns a stable subject id that is not the individual id, distinct per person', async (t) => {
  const { idp } = makeMock();
  const a1 = await idp.kycAuth(auth(AISHA.individualId, { type: 'PIN', value: AISHA.pin }));
  const a2 = await idp.kycAuth(auth(AISHA.individualId, bio(finger(AISHA.seed))));
  const c = await idp.kycAuth(auth(CAMILLE.individualId, { type: 'PIN', value: CAMILLE.pin }));
  t.is(a1.subjectId, a2.subjectId);
  t.not(a1.subjectId, c.subjectId);
  t.false(a1.subjectId.includes(AISHA.individualId));
  t.not(a1.kycToken, a2.kycToken);
});

test('refuses unknown individuals with invalid_individual_id and empty challenge lists', async (t) => {
  const { idp } = makeMock();
  await t.throwsAsync(idp.kycAuth(auth('9999999999', { type: 'PIN', value: AISHA.pin })), { code: 'invalid_individual_id' });
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId)), { code: 'invalid_challenge' });
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, bio())), { code: 'invalid_challenge' });
});

test('matches biometric records enrolled for the person, across modalities', async (t) => {
  const { idp } = makeMock();
  const iris = { bioType: 'Iris', bioSubType: 'Right', isoRecord: placeholderIsoRecord(AISHA.seed, 'Iris', 'Right') };
  const face = { bioType: 'Face', bioSubType: '', isoRecord: placeholderIsoRecord(AISHA.seed, 'Face', '') };
  await t.notThrowsAsync(idp.kycAuth(auth(AISHA.individualId, bio(finger(AISHA.seed), finger(AISHA.seed, 'Right Thumb')))));
  await t.notThrowsAsync(idp.kycAuth(auth(AISHA.individualId, bio(iris))));
  await t.notThrowsAsync(idp.kycAuth(auth(AISHA.individualId, bio(face))));
});

test('a record of subtype UNKNOWN matches any enrolled subtype of its modality', async (t) => {
  const { idp } = makeMock();
  const unknown = { ...finger(AISHA.seed, 'Left RingFinger'), bioSubType: 'UNKNOWN' };
  await t.notThrowsAsync(idp.kycAuth(auth(AISHA.individualId, bio(unknown))));
});

test('refuses records of another person, of the wrong subtype, or unknown records', async (t) => {
  const { idp } = makeMock();
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, bio(finger(CAMILLE.seed)))), { code: 'auth_failed' });
  const wrongSubType = { ...finger(AISHA.seed, 'Left IndexFinger'), bioSubType: 'Right IndexFinger' };
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, bio(wrongSubType))), { code: 'auth_failed' });
  const wrongType = { ...finger(AISHA.seed), bioType: 'Iris' };
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, bio(wrongType))), { code: 'auth_failed' });
  const garbage = { bioType: 'Finger', bioSubType: 'UNKNOWN', isoRecord: new Uint8Array(40).fill(7) };
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, bio(garbage))), { code: 'auth_failed' });
  // One bad record among good ones fails the whole capture.
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, bio(finger(AISHA.seed), finger(CAMILLE.seed, 'Right Thumb')))), { code: 'auth_failed' });
});

test('the placeholder record carries the modality ISO header and its length', (t) => {
  const record = Buffer.from(placeholderIsoRecord(AISHA.seed, 'Finger', 'Left Thumb'));
  t.is(record.subarray(0, 8).toString('latin1'), 'FIR\x00020\x00');
  t.is(record.readUInt32BE(8), record.length);
  t.is(Buffer.from(placeholderIsoRecord(AISHA.seed, 'Face', '')).subarray(0, 4).toString('latin1'), 'FAC\x00');
  t.false(placeholderBiometricMatcher.matches(placeholderBiometricMatcher.enrol(AISHA.seed, 'Finger', 'Left Thumb'), record.subarray(1)));
});

test('uses an injected matcher for enrolment and matching', async (t) => {
  const enrolled: string[] = [];
  const matcher: BiometricMatcher<string> = {
    enrol: (seed, bioType, bioSubType) => {
      enrolled.push(`${seed}|${bioType}|${bioSubType}`);
      return seed;
    },
    matches: (template, isoRecord) => Buffer.from(isoRecord).toString() === template,
  };
  const { idp } = makeMock({ matcher });
  t.true(enrolled.includes(`${AISHA.seed}|Finger|Left IndexFinger`));
  t.true(enrolled.includes(`${CAMILLE.seed}|Face|`));
  const record = { bioType: 'Face', bioSubType: '', isoRecord: Buffer.from(AISHA.seed) };
  await t.notThrowsAsync(idp.kycAuth(auth(AISHA.individualId, bio(record))));
  await t.throwsAsync(idp.kycAuth(auth(CAMILLE.individualId, bio(record))), { code: 'auth_failed' });
});

test('biometric data is never logged', async (t) => {
  const { idp, logger } = makeMock();
  const record = finger(AISHA.seed);
  await idp.kycAuth(auth(AISHA.individualId, bio(record)));
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, bio(finger(CAMILLE.seed)))));
  const logged = JSON.stringify(logger.lines);
  t.false(logged.includes(AISHA.seed));
  t.false(logged.includes(Buffer.from(record.isoRecord).toString('base64')));
});

test('with the SBI matcher, simulator records of the person match and others do not', async (t) => {
  const { idp } = makeMock({ matcher: sbiBiometricMatcher });
  const record = (seed: string, bioType: 'Finger' | 'Iris' | 'Face', bioSubType: string, capturedAt = 0) => ({
    bioType, bioSubType, isoRecord: buildSyntheticIsoRecord({ seed, bioType, bioSubType, capturedAt }),
  });
  await t.notThrowsAsync(idp.kycAuth(auth(AISHA.individualId, bio(
    record(AISHA.seed, 'Finger', 'Left IndexFinger', 1), record(AISHA.seed, 'Iris', 'Right', 2), record(AISHA.seed, 'Face', '', 3),
  ))));
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, bio(record(CAMILLE.seed, 'Finger', 'Left IndexFinger')))), { code: 'auth_failed' });
  await t.throwsAsync(idp.kycAuth(auth(AISHA.individualId, bio(finger(AISHA.seed)))), { code: 'auth_failed' });
});
