import test from 'ava';
import type { AuthChallenge } from '../../src/identity/index.js';
import { normaliseName } from '../../src/identity/mock/knowledge.js';
import { AISHA, CAMILLE, RP, makeMock } from './helpers.js';

const kbi = (individualId: string, name: string, birthdate: string) => ({
  transactionId: 'txn-1', individualId, ...RP, challenges: [{ type: 'KBI', fields: { name, birthdate } }] as AuthChallenge[],
});

test('knowledge-based identification accepts the registered name (any language, any case and spacing) with the date of birth', async (t) => {
  const { idp } = makeMock();
  const { subjectId } = await idp.kycAuth(kbi(AISHA.individualId, 'Aisha Rahman', '1990-04-12'));
  t.truthy(subjectId);
  await t.notThrowsAsync(idp.kycAuth(kbi(AISHA.individualId, '  aisha   RAHMAN ', '1990-04-12')));
  await t.notThrowsAsync(idp.kycAuth(kbi(AISHA.individualId, 'عائشة رحمن', '1990-04-12')));
});

test('knowledge-based identification refuses a wrong name, a wrong date, another person or an empty name with auth_failed', async (t) => {
  const { idp } = makeMock();
  await t.throwsAsync(idp.kycAuth(kbi(AISHA.individualId, 'Aisha Rahma', '1990-04-12')), { code: 'auth_failed' });
  await t.throwsAsync(idp.kycAuth(kbi(AISHA.individualId, 'Aisha Rahman', '1990-04-13')), { code: 'auth_failed' });
  await t.throwsAsync(idp.kycAuth(kbi(CAMILLE.individualId, 'Aisha Rahman', '1990-04-12')), { code: 'auth_failed' });
  await t.throwsAsync(idp.kycAuth(kbi(AISHA.individualId, '   ', '1990-04-12')), { code: 'auth_failed' });
});

test('names compare after NFKC normalisation, case folding and white-space collapsing', (t) => {
  t.is(normaliseName('  Ａisha\u00a0\tRAHMAN '), 'aisha rahman');
  t.not(normaliseName('Aisha Rahman'), normaliseName('Aïsha Rahman'));
});

test('neither the name nor the date of birth is logged', async (t) => {
  const { idp, logger } = makeMock();
  await idp.kycAuth(kbi(AISHA.individualId, 'Aisha Rahman', '1990-04-12'));
  const lines = JSON.stringify(logger.lines.slice(1));
  t.false(lines.includes('Rahman'));
  t.false(lines.includes('1990-04-12'));
});
