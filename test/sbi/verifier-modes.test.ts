import test from 'ava';
import { decodeBase64, encodeBiometricsChallenge } from '../../src/sbi/client/index.js';
import { decryptBioValue, decryptSessionKey } from '../../src/sbi/crypto/bio-crypto.js';
import { enrolTemplate, matchesTemplate, verifySbiCapture } from '../../src/sbi/index.js';
import { expectedFor, mustCapture, setup, type Fixture } from './helpers.js';

let fx: Fixture;
let face: Fixture;
test.before(async () => {
  fx = await setup();
  face = await setup({ bioType: 'Face', stateDir: fx.stateDir, encryptionCertificatePem: fx.idKey.certificatePem });
});
test.after.always(async () => { await face?.sim.close(); await fx?.cleanup(); });
test.afterEach.always(() => { fx.sim.setFault(undefined); });

test.serial('the encoded challenge verifies in all four base64 variants', async (t) => {
  const res = await mustCapture(fx.sim.port);
  const std = encodeBiometricsChallenge(res.biometrics, { variant: 'base64' });
  const url = encodeBiometricsChallenge(res.biometrics, { variant: 'base64url' });
  t.notRegex(url, /[+/=]/);
  // Standard base64 of pure base64url/hex JSON never contains + or / (those need bytes such as
  // '>', '?', '~' or non-ASCII). A vendor errorInfo text can carry them, so add one and shift the
  // bytes with indentation until the URL-unsafe alphabet is really exercised.
  const withNote = res.biometrics.map((b) => ({ ...b, error: { errorCode: '0', errorInfo: 'Success ~ réussi?>' } }));
  let tricky = '';
  for (let indent = 0; indent < 32 && !/[+/]/.test(tricky); indent++) {
    tricky = Buffer.from(JSON.stringify(withNote, null, indent)).toString('base64');
  }
  t.regex(tricky, /[+/]/, 'the standard encoding really uses + or /');
  const padded = `${url}${'='.repeat((4 - (url.length % 4)) % 4)}`;
  const variants = [std, std.replace(/=+$/, ''), url, padded, ` ${std}\n`, tricky, tricky.replace(/=+$/, '')];
  for (const challenge of variants) {
    const out = await verifySbiCapture(challenge, expectedFor(), fx.config);
    t.true(out.ok, out.ok ? '' : out.code);
  }
});

test.serial('a challenge that is not base64 JSON, too short, or lacks fields is invalid_challenge', async (t) => {
  const res = await mustCapture(fx.sim.port);
  const cases = [
    '!'.repeat(600),
    'e30',
    encodeBiometricsChallenge([{ ...res.biometrics[0]!, hash: undefined as unknown as string }, ...res.biometrics]),
  ];
  for (const c of cases) {
    const out = await verifySbiCapture(c, expectedFor(), fx.config);
    t.like(out, { ok: false, code: 'invalid_challenge' });
  }
  t.like(await verifySbiCapture({ biometrics: [] }, expectedFor(), fx.config), { ok: false, code: 'invalid_challenge' });
});

test.serial('decryption off: records carry the encrypted fields, and the identity system can decrypt them', async (t) => {
  const res = await mustCapture(fx.sim.port);
  const out = await verifySbiCapture(res, expectedFor(), { ...fx.config, decrypt: false, decryption: [] });
  if (!out.ok) return t.fail(out.code);
  const [r] = out.records;
  t.is(r!.isoRecord, undefined);
  const enc = r!.encrypted!;
  t.is(enc.transactionId, 'Ab3dE5gH9k');
  const key = decryptSessionKey(decodeBase64(enc.sessionKey), fx.idKey.privateKey);
  const iso = decryptBioValue(decodeBase64(enc.bioValue), key, enc.timestamp, enc.transactionId);
  t.true(matchesTemplate(iso, enrolTemplate('alice', 'Finger', r!.bioSubType)));
});

const stillChecked = [
  ['tamperedData', 'data_signature_invalid'],
  ['untrustedDeviceCertificate', 'data_certificate_untrusted'],
  ['untrustedFtmCertificate', 'digital_id_certificate_untrusted'],
  ['wrongDomainUri', 'domain_uri_mismatch'],
  ['foreignTransactionId', 'transaction_id_mismatch'],
  ['staleTimestamp', 'timestamp_out_of_window'],
] as const;

for (const [fault, code] of stillChecked) {
  test.serial(`decryption off still rejects ${fault} with ${code}`, async (t) => {
    fx.sim.setFault(fault);
    const out = await verifySbiCapture(await mustCapture(fx.sim.port), expectedFor(), { ...fx.config, decrypt: false, decryption: [] });
    t.like(out, { ok: false, code });
  });
}

test.serial('decryption off does not look inside bioValue (corruption passes to the identity system)', async (t) => {
  fx.sim.setFault('corruptedBioValue');
  const res = await mustCapture(fx.sim.port);
  t.like(await verifySbiCapture(res, expectedFor(), fx.config), { ok: false, code: 'bio_value_decrypt_failed' });
  t.true((await verifySbiCapture(res, expectedFor(), { ...fx.config, decrypt: false })).ok);
});

test.serial('hash chain off accepts a wrong hash but still decrypts', async (t) => {
  fx.sim.setFault('wrongHash');
  const res = await mustCapture(fx.sim.port);
  t.like(await verifySbiCapture(res, expectedFor(), fx.config), { ok: false, code: 'hash_mismatch' });
  const out = await verifySbiCapture(res, expectedFor(), { ...fx.config, verifyHashChain: false });
  t.true(out.ok && out.records[0]!.isoRecord !== undefined);
});

test.serial('two captures chained with previousHash verify as one array (finger then face)', async (t) => {
  const first = await mustCapture(fx.sim.port, { type: 'Finger', count: 2 });
  const second = await mustCapture(face.sim.port, { type: 'Face' }, { previousHash: first.biometrics.at(-1)!.hash });
  const all = [...first.biometrics, ...second.biometrics];
  const config = { ...fx.config, deviceRoots: [fx.sim.deviceCaPem], ftmRoots: [fx.sim.ftmCaPem] };
  const out = await verifySbiCapture(all, expectedFor([{ type: 'Finger', count: 2 }, { type: 'Face', count: 1 }]), config);
  if (!out.ok) return t.fail(out.code);
  t.deepEqual(out.records.map((r) => r.bioType), ['Finger', 'Finger', 'Face']);
  t.true(matchesTemplate(out.records[2]!.isoRecord!, enrolTemplate('alice', 'Face')));
  // Without previousHash the second capture restarts the chain, which IDA rejects.
  const unchained = [...first.biometrics, ...(await mustCapture(face.sim.port, { type: 'Face' })).biometrics];
  t.like(await verifySbiCapture(unchained, expectedFor([{ type: 'Finger', count: 2 }, { type: 'Face', count: 1 }]), config),
    { ok: false, code: 'hash_mismatch', index: 2 });
});

test.serial('binding is checked against the expectation: an unrequested modality and a stale clock', async (t) => {
  const res = await mustCapture(fx.sim.port);
  t.like(await verifySbiCapture(res, expectedFor([{ type: 'Iris', count: 1 }]), fx.config), { ok: false, code: 'bio_type_not_requested' });
  t.like(await verifySbiCapture(res, { ...expectedFor(), now: Date.now() + 120_000 }, fx.config), { ok: false, code: 'timestamp_out_of_window' });
  t.like(await verifySbiCapture(res, { ...expectedFor(), transactionId: 'short' }, fx.config), { ok: false, code: 'transaction_id_invalid' });
  t.like(await verifySbiCapture(res, { ...expectedFor(), env: 'Staging' }, fx.config), { ok: false, code: 'env_mismatch' });
  t.like(await verifySbiCapture(res, expectedFor(), { ...fx.config, deviceRoots: [fx.sim.ftmCaPem] }), { ok: false, code: 'data_certificate_untrusted' });
  t.like(await verifySbiCapture(res, expectedFor(), { ...fx.config, decryption: [] }), { ok: false, code: 'unknown_thumbprint' });
});
