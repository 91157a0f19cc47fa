/**
 * SBI verification bounds its work on hostile captures: cheap checks first (sizes, counts,
 * duplicates), linear base64, key bounds on every certificate before any signature is checked with
 * it, and a certificate path built from the leaf's issuer with RFC 5280 CA constraints. Each case
 * asserts the refusal and its reason (never timing); a control capture verifies beside them.
 */
import 'reflect-metadata';
import test from 'ava';
import { createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { CompactSign, decodeProtectedHeader } from 'jose';
import { decodeBase64 } from '../../src/sbi/base64.js';
import { encodeBiometricsChallenge } from '../../src/sbi/client/index.js';
import { decodeBiometrics } from '../../src/sbi/verifier/decode-input.js';
import { verifySbiCapture } from '../../src/sbi/index.js';
import type { CaptureResponse } from '../../src/sbi/capture-types.js';
import { expectedFor, mustCapture, setup, type Fixture } from '../sbi/helpers.js';

const crypto = webcrypto as unknown as Crypto;
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

let fx: Fixture;
let deviceCa: { cert: x509.X509Certificate; key: CryptoKey };
let device: { cert: x509.X509Certificate; key: CryptoKey };
test.before(async () => {
  fx = await setup();
  const state = JSON.parse(await readFile(join(fx.stateDir, 'sbi-simulator-state.json'), 'utf8')) as Record<string, { keyPem: string; certPem: string }>;
  const load = async (p: { keyPem: string; certPem: string }) => ({
    cert: new x509.X509Certificate(p.certPem),
    key: await crypto.subtle.importKey('pkcs8', createPrivateKey(p.keyPem).export({ type: 'pkcs8', format: 'der' }), RSA, true, ['sign']),
  });
  deviceCa = await load(state['deviceCa']!);
  device = await load(state['device']!);
});
test.after.always(async () => { await fx?.cleanup(); });

const day = 86_400_000;
const serial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1');

async function rsaKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify']);
}

async function certificate(opts: {
  subject: string; issuer: { cert?: x509.X509Certificate; name?: string; key: CryptoKey }; publicKey: CryptoKey | ArrayBuffer;
  ca?: { pathLength?: number };
}): Promise<x509.X509Certificate> {
  const now = Date.now();
  return x509.X509CertificateGenerator.create({
    subject: opts.subject, issuer: opts.issuer.cert?.subject ?? opts.issuer.name ?? opts.subject, publicKey: opts.publicKey as CryptoKey,
    signingKey: opts.issuer.key, notBefore: new Date(now - day), notAfter: new Date(now + day), serialNumber: serial(), signingAlgorithm: RSA,
    extensions: opts.ca
      ? [new x509.BasicConstraintsExtension(true, opts.ca.pathLength, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)]
      : [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  }, crypto);
}

/** The capture with its first element's `data` re-signed by `key` under the given x5c chain. */
async function resigned(capture: CaptureResponse, key: CryptoKey, chain: readonly x509.X509Certificate[]): Promise<CaptureResponse> {
  const [first, ...rest] = capture.biometrics;
  const payload = Buffer.from(first!.data.split('.')[1]!, 'base64url');
  const data = await new CompactSign(payload)
    .setProtectedHeader({ ...decodeProtectedHeader(first!.data), alg: 'RS256', x5c: chain.map((c) => Buffer.from(c.rawData).toString('base64')) })
    .sign(key);
  return { biometrics: [{ ...first!, data }, ...rest] };
}

test.serial('control: an unmodified capture, and one re-signed by the real device key and chain, verify', async (t) => {
  const capture = await mustCapture(fx.sim.port);
  const out = await verifySbiCapture(capture, expectedFor(), fx.config);
  t.true(out.ok, out.ok ? '' : out.code);
  const again = await verifySbiCapture(await resigned(capture, device.key, [device.cert]), expectedFor(), fx.config);
  t.true(again.ok, again.ok ? '' : again.code);
});

test.serial('a leaf whose RSA public exponent is huge is refused before any signature is checked with it', async (t) => {
  const capture = await mustCapture(fx.sim.port);
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const huge = Buffer.concat([Buffer.from([1]), Buffer.alloc(511), Buffer.from([1])]).toString('base64url'); // 2^4096 + 1
  const spki = createPublicKey({ key: { ...publicKey.export({ format: 'jwk' }), e: huge }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  const leaf = await certificate({ subject: 'CN=huge exponent', issuer: device, publicKey: new Uint8Array(spki).buffer });
  const out = await verifySbiCapture(await resigned(capture, device.key, [leaf, device.cert]), expectedFor(), fx.config);
  t.like(out, { ok: false, code: 'data_key_unsupported', index: 0 });
});

test.serial('an RSA modulus over 4096 bits or an EC curve off the list is refused the same way', async (t) => {
  const capture = await mustCapture(fx.sim.port);
  for (const spki of [
    // A 4160-bit modulus (any odd number will do: the key is refused before it is used).
    createPublicKey({ key: { kty: 'RSA', n: Buffer.concat([Buffer.from([0xc1]), webcrypto.getRandomValues(new Uint8Array(518)), Buffer.from([0x01])]).toString('base64url'), e: 'AQAB' }, format: 'jwk' }).export({ type: 'spki', format: 'der' }),
    generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'der' }),
  ]) {
    const leaf = await certificate({ subject: 'CN=odd key', issuer: device, publicKey: new Uint8Array(spki).buffer });
    t.like(await verifySbiCapture(await resigned(capture, device.key, [leaf]), expectedFor(), fx.config), { ok: false, code: 'data_key_unsupported' });
  }
});

test.serial('a device leaf (cA false) cannot act as a CA for another leaf', async (t) => {
  const capture = await mustCapture(fx.sim.port);
  const keys = await rsaKeys();
  const leaf = await certificate({ subject: 'CN=issued by a device', issuer: device, publicKey: keys.publicKey });
  const out = await verifySbiCapture(await resigned(capture, keys.privateKey, [leaf, device.cert]), expectedFor(), fx.config);
  t.like(out, { ok: false, code: 'data_certificate_untrusted' });
});

test.serial("an intermediate CA below a root whose pathLenConstraint is 0 is refused", async (t) => {
  const capture = await mustCapture(fx.sim.port);
  const [caKeys, leafKeys] = [await rsaKeys(), await rsaKeys()];
  const intermediate = await certificate({ subject: 'CN=sub CA', issuer: deviceCa, publicKey: caKeys.publicKey, ca: {} });
  const leaf = await certificate({ subject: 'CN=below sub CA', issuer: { cert: intermediate, key: caKeys.privateKey }, publicKey: leafKeys.publicKey });
  const out = await verifySbiCapture(await resigned(capture, leafKeys.privateKey, [leaf, intermediate]), expectedFor(), fx.config);
  t.like(out, { ok: false, code: 'data_certificate_untrusted' });
});

test.serial('a look-alike root (same subject, another key) carried in x5c is not trusted', async (t) => {
  const capture = await mustCapture(fx.sim.port);
  const [rootKeys, leafKeys] = [await rsaKeys(), await rsaKeys()];
  const fakeRoot = await certificate({ subject: deviceCa.cert.subject, issuer: { name: deviceCa.cert.subject, key: rootKeys.privateKey }, publicKey: rootKeys.publicKey, ca: { pathLength: 0 } });
  const leaf = await certificate({ subject: 'CN=forged device', issuer: { cert: fakeRoot, key: rootKeys.privateKey }, publicKey: leafKeys.publicKey });
  const out = await verifySbiCapture(await resigned(capture, leafKeys.privateKey, [leaf, fakeRoot]), expectedFor(), fx.config);
  t.like(out, { ok: false, code: 'data_certificate_untrusted' });
});

test.serial('an x5c with more than four certificates, or an oversized one, is malformed before it is parsed', async (t) => {
  const capture = await mustCapture(fx.sim.port);
  const five = await resigned(capture, device.key, Array(5).fill(device.cert));
  t.like(await verifySbiCapture(five, expectedFor(), fx.config), { ok: false, code: 'data_jws_malformed' });
  const [first, ...rest] = capture.biometrics;
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', x5c: ['A'.repeat(9000)] })).toString('base64url');
  const oversized = { biometrics: [{ ...first!, data: `${header}.${first!.data.split('.').slice(1).join('.')}` }, ...rest] };
  t.like(await verifySbiCapture(oversized, expectedFor(), fx.config), { ok: false, code: 'data_jws_malformed' });
});

test.serial('more records than requested, a repeated record, or an oversized field are refused before any cryptography', async (t) => {
  const capture = await mustCapture(fx.sim.port);
  const [first] = capture.biometrics;
  t.like(await verifySbiCapture({ biometrics: [first!, first!] }, expectedFor([{ type: 'Finger', count: 2 }]), fx.config), { ok: false, code: 'duplicate_record', index: 1 });
  t.like(await verifySbiCapture({ biometrics: Array(11).fill(first) }, expectedFor(), fx.config), { ok: false, code: 'invalid_challenge' });
  t.like(await verifySbiCapture({ biometrics: [first!, { ...first!, data: `${first!.data}x` }] }, expectedFor(), fx.config), { ok: false, code: 'count_mismatch' });
  t.like(await verifySbiCapture({ biometrics: [{ ...first!, sessionKey: 'k'.repeat(1025) }] }, expectedFor(), fx.config), { ok: false, code: 'invalid_challenge', index: 0 });
});

test.serial('a capture whose purpose is not Auth is refused (purpose_invalid)', async (t) => {
  fx.sim.setFault('wrongPurpose');
  t.teardown(() => fx.sim.setFault(undefined));
  t.like(await verifySbiCapture(await mustCapture(fx.sim.port), expectedFor(), fx.config), { ok: false, code: 'purpose_invalid', index: 0 });
});

test('pathological base64: a run of 160k (or 500k) "=" is refused, in linear time, as invalid padding', (t) => {
  for (const n of [160_000, 500_000]) {
    t.throws(() => decodeBase64(`${'QUJD'.repeat(150)}${'='.repeat(n)}x`), { instanceOf: SyntaxError });
    t.throws(() => decodeBase64(`${'QUJD'.repeat(150)}${'='.repeat(n)}`), { instanceOf: SyntaxError, message: /padding/ });
  }
  t.throws(() => decodeBase64('A'.repeat(2_000_000)), { instanceOf: RangeError });
  t.like(decodeBiometrics(`${'e30'.repeat(200)}${'='.repeat(160_000)}x`), { ok: false, code: 'invalid_challenge' });
  t.like(decodeBiometrics('='.repeat(500_001)), { ok: false, code: 'invalid_challenge' });
  t.deepEqual([...decodeBase64('QUJD\nRA==')], [65, 66, 67, 68]);
  t.deepEqual([...decodeBase64('-_8')], [0xfb, 0xff]);
});

test.serial('the encoded-json challenge still verifies after the linear decoder (base64url and padded std)', async (t) => {
  const capture = await mustCapture(fx.sim.port);
  for (const variant of ['base64', 'base64url'] as const) {
    const out = await verifySbiCapture(encodeBiometricsChallenge(capture.biometrics, { variant }), expectedFor(), fx.config);
    t.true(out.ok, out.ok ? '' : out.code);
  }
});
