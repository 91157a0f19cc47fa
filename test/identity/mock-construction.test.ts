import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { DEFAULT_IDENTITIES_FILE, MockIdentitySystem, type MockIdentity } from '../../src/identity/index.js';
import { RP, memoryState, recordingLogger } from './helpers.js';

const person: MockIdentity = {
  subjectId: 'subject-x', individualId: '1000000001', pin: '123456', biometricSeed: 'seed-x', name: 'Test Person',
};

test('refuses to construct in production', (t) => {
  const logger = recordingLogger();
  const err = t.throws(() => new MockIdentitySystem({ production: true, logger, state: memoryState() }));
  t.regex(err?.message ?? '', /development only/);
  t.deepEqual(logger.lines, []);
});

test('announces the fixed OTP loudly when constructed', (t) => {
  const logger = recordingLogger();
  // An empty path (the config default) means the bundled file.
  new MockIdentitySystem({ production: false, logger, identitiesFile: '', state: memoryState() });
  t.is(logger.lines.length, 1);
  t.is(logger.lines[0]?.level, 'warn');
  t.regex(logger.lines[0]?.msg ?? '', /MOCK IDENTITY SYSTEM.*fixed OTP/);
  t.like(logger.lines[0]?.fields, { identities: 3, source: DEFAULT_IDENTITIES_FILE });
});

test('loads people from another file when given one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-identity-'));
  const file = join(dir, 'people.json');
  writeFileSync(file, JSON.stringify({ identities: [person] }));
  const idp = new MockIdentitySystem({ production: false, logger: recordingLogger(), identitiesFile: file, state: memoryState() });
  const result = await idp.kycAuth({
    transactionId: 't', individualId: person.individualId, ...RP, challenges: [{ type: 'PIN', value: '123456' }],
  });
  t.is(result.subjectId, 'subject-x');
  await t.throwsAsync(idp.kycAuth({
    transactionId: 't', individualId: '8267411571', ...RP, challenges: [{ type: 'PIN', value: '545411' }],
  }), { code: 'invalid_individual_id' });
});

test('rejects an invalid identities file, naming the field', (t) => {
  const logger = recordingLogger();
  const make = (identities: unknown[]) => () => new MockIdentitySystem({
    production: false, logger, identities: identities as MockIdentity[], state: memoryState(),
  });
  t.throws(make([{ ...person, pin: '12345' }]), { message: /identities\[0\]\.pin must be 6 digits/ });
  t.throws(make([{ ...person, individualId: 'abc' }]), { message: /individualId/ });
  t.throws(make([person, { ...person, subjectId: 'other' }]), { message: /identities\[1\]\.individualId is not unique/ });
  t.throws(make([person, { ...person, individualId: '1000000002' }]), { message: /subjectId is not unique/ });
  t.throws(make([{ ...person, name: { eng: 1 } }]), { message: /name must be a string or an object/ });
  t.throws(make([{ ...person, birthdate: '01/02/1990' }]), { message: /birthdate/ });
});
