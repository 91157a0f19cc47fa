import test from 'ava';
import {
  buildCaptureRequest, decodeBase64, decodeBase64Text, decodeJwsUnverified, decodeMaybeSigned, deriveSbiTransactionId, encodeBase64,
  readCaptureResponse,
  resolvePortRange,
} from '../../src/sbi/client/index.js';
import { deriveIvAndAad } from '../../src/sbi/crypto/bio-crypto.js';
import { hashChain } from '../../src/sbi/crypto/hash-chain.js';
import { thumbprintBytes } from '../../src/sbi/crypto/thumbprint.js';
import { parseRequest } from '../../src/sbi/simulator/http-parse.js';
import { parseSbiTime } from '../../src/sbi/verifier/index.js';

test('base64 round-trips all lengths in both variants and decodes all four forms', (t) => {
  for (let n = 0; n < 40; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 0xff);
    const std = encodeBase64(bytes, 'base64');
    const url = encodeBase64(bytes, 'base64url');
    t.is(std, Buffer.from(bytes).toString('base64'));
    t.is(url, Buffer.from(bytes).toString('base64url'));
    for (const form of [std, std.replace(/=+$/, ''), url, `${url}${'='.repeat((4 - (url.length % 4)) % 4)}`]) {
      t.deepEqual(decodeBase64(form), bytes);
    }
  }
  t.throws(() => decodeBase64('ab$d'), { instanceOf: SyntaxError });
  t.throws(() => decodeBase64('abcde'), { instanceOf: SyntaxError });
  t.is(decodeBase64Text(' 4pyTIMOgIGxh\n'), '✓ à la');
});

test('SBI transactionId derivation reads backwards and wraps (§9.2)', (t) => {
  t.is(deriveSbiTransactionId('abc-def_ghijkl'), 'lkjihgfedc');
  t.is(deriveSbiTransactionId('a1-b2'), '2b1a2b1a2b');
  t.is(deriveSbiTransactionId('xyz', 5), 'zyxzy');
  t.throws(() => deriveSbiTransactionId('--__'));
});

test('IV and AAD are the last 12 / 16 bytes of the left-padded XOR (§4.3)', (t) => {
  const { iv, aad } = deriveIvAndAad('2025-01-01T00:00:00Z', 'Ab3dE5gH9k');
  t.is(iv.toString('hex'), '30311552035e75055d780931');
  t.is(aad.toString('hex'), '2d30312d30311552035e75055d780931');
});

test('hash chain starts at SHA-256("") and chains raw digests (§5)', (t) => {
  const abc = new TextEncoder().encode('abc');
  const [h1, h2] = hashChain([abc, abc]);
  t.is(h1, 'BDDBDF7E9DF02F902EE5DD61B2B513D7566A2112FF97DB7DC3B6D184A43EF0E3');
  t.not(h2, h1);
  t.deepEqual(hashChain([abc], h1), [h2]);
  t.deepEqual(hashChain([abc], ''), [h1]);
});

test('thumbprints decode from hex or base64url only when 32 bytes', (t) => {
  const hex = 'AB'.repeat(32);
  t.is(thumbprintBytes(hex)!.length, 32);
  t.is(thumbprintBytes(Buffer.from(hex, 'hex').toString('base64url'))!.toString('hex').toUpperCase(), hex);
  t.is(thumbprintBytes('AB'.repeat(31)), undefined);
  t.is(thumbprintBytes('not a thumbprint'), undefined);
});

test('buildCaptureRequest sends what eSignet sends and refuses bad inputs', (t) => {
  const base = { device: { deviceId: '3', specVersion: '0.9.5' }, transactionId: 'Ab3dE5gH9k', domainUri: 'https://x.test', env: 'Staging' as const, now: Date.UTC(2025, 0, 2, 3, 4, 5, 6) };
  const ok = buildCaptureRequest({ ...base, factor: { type: 'Finger', count: 2, bioSubTypes: ['Left Thumb', 'Right Thumb'] } });
  if (!ok.ok) return t.fail(ok.error.message);
  t.like(ok.value, { purpose: 'Auth', timeout: '30000', captureTime: '2025-01-02T03:04:05.006Z', customOpts: null });
  t.deepEqual(ok.value.bio, [{ type: 'Finger', count: '2', bioSubType: ['Left Thumb', 'Right Thumb'], requestedScore: '70', deviceId: '3', deviceSubId: '0', previousHash: '' }]);
  const face = buildCaptureRequest({ ...base, factor: { type: 'Face' } });
  t.true(face.ok && face.value.bio[0]!.bioSubType === null);
  const bad: Array<Partial<Parameters<typeof buildCaptureRequest>[0]>> = [
    { transactionId: 'a b' }, { factor: { type: 'Face', count: 2 } }, { factor: { type: 'Iris', bioSubTypes: ['Left Thumb'] } },
    { previousHash: 'xyz' }, { env: 'Nowhere' as 'Staging' },
  ];
  for (const patch of bad) {
    const r = buildCaptureRequest({ ...base, factor: { type: 'Finger' }, ...patch });
    t.like(r, { ok: false, error: { kind: 'invalid_request' } }, JSON.stringify(patch));
  }
});

test('port ranges clamp to 4501-4600 like the eSignet UI library', (t) => {
  t.deepEqual(resolvePortRange('4510-4520'), { from: 4510, to: 4520 });
  for (const r of ['4000-4600', '4520-4510', 'abc', '4501-4700']) t.deepEqual(resolvePortRange(r), { from: 4501, to: 4600 });
  t.deepEqual(resolvePortRange(), { from: 4501, to: 4600 });
});

test('readCaptureResponse checks every element and maps device codes', (t) => {
  const el = (code: string) => ({ specVersion: '0.9.5', data: code === '0' ? 'a.b.c' : '', hash: '', sessionKey: '', thumbprint: '', error: { errorCode: code, errorInfo: '' } });
  t.true(readCaptureResponse({ biometrics: [el('0'), el('0')] }).ok);
  const cases: Array<[string, string]> = [['111', 'device_busy'], ['803', 'device_busy'], ['110', 'device_not_ready'], ['100', 'device_not_registered'], ['801', 'capture_timeout'], ['101', 'device_error']];
  for (const [code, kind] of cases) {
    t.like(readCaptureResponse({ biometrics: [el('0'), el(code)] }), { ok: false, error: { kind, sbiErrorCode: code } });
  }
  t.like(readCaptureResponse({ nope: 1 }), { ok: false, error: { kind: 'invalid_response' } });
});

test('SBI timestamps parse with and without milliseconds, offsets allowed', (t) => {
  t.is(parseSbiTime('2025-01-02T03:04:05Z'), Date.UTC(2025, 0, 2, 3, 4, 5));
  t.is(parseSbiTime('2025-01-02T03:04:05.123Z'), Date.UTC(2025, 0, 2, 3, 4, 5, 123));
  t.is(parseSbiTime('2025-01-02T05:04:05+02:00'), Date.UTC(2025, 0, 2, 3, 4, 5));
  for (const bad of ['2025-01-02 03:04:05Z', '2025-01-02T03:04:05', 'yesterday', 42]) t.is(parseSbiTime(bad), undefined);
});

test('the HTTP reader handles custom verbs, partial input and limits', (t) => {
  const req = (s: string) => parseRequest(Buffer.from(s, 'latin1'));
  t.like(req('MOSIPDISC /device HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}'), { kind: 'request', request: { method: 'MOSIPDISC', path: '/device', body: '{}' } });
  t.like(req('CAPTURE /capture HTTP/1.1\r\nContent-Length: 5\r\n\r\n{}'), { kind: 'incomplete' });
  t.like(req('CAPTURE /capture HTTP/1.1\r\nHost: x'), { kind: 'incomplete' });
  t.like(req('CAPTURE /capture HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n'), { kind: 'error', status: 411 });
  t.like(req('CAPTURE /capture HTTP/2\r\n\r\n'), { kind: 'error', status: 505 });
  t.like(req('CAPTURE capture HTTP/1.1\r\n\r\n'), { kind: 'error', status: 400 });
  t.like(req('CAPTURE /capture HTTP/1.1\r\nContent-Length: -1\r\n\r\n'), { kind: 'error', status: 400 });
  t.like(req(`GET / HTTP/1.1\r\nX: ${'a'.repeat(17_000)}\r\n\r\n`), { kind: 'error', status: 431 });
});

test('unverified decoding: a compact JWS with JSON object parts, or unsigned base64(JSON) in either alphabet; nothing else', (t) => {
  const url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jws = `${url({ alg: 'RS256', x5c: ['MIIB'] })}.${url({ digitalId: 'x', deviceStatus: 'Ready' })}.c2ln`;
  t.deepEqual(decodeJwsUnverified(jws), { header: { alg: 'RS256', x5c: ['MIIB'] }, payload: { digitalId: 'x', deviceStatus: 'Ready' } });
  t.deepEqual(decodeMaybeSigned(jws), { payload: { digitalId: 'x', deviceStatus: 'Ready' }, signed: true });
  const unsigned = Buffer.from(JSON.stringify({ deviceStatus: 'Not Registered', z: '>>>' })).toString('base64');
  t.deepEqual(decodeMaybeSigned(unsigned), { payload: { deviceStatus: 'Not Registered', z: '>>>' }, signed: false });
  const notObject = `${url({ alg: 'RS256' })}.${url([1, 2])}.c2ln`;
  const notJson = `${url({ alg: 'RS256' })}.${Buffer.from('not json').toString('base64url')}.c2ln`;
  for (const bad of [notObject, notJson, `${url({ alg: 'RS256' })}.${url({ a: 1 })}`, 'a.b.c.d.e', 42, '']) {
    t.is(decodeJwsUnverified(bad), undefined, String(bad));
  }
  t.is(decodeMaybeSigned(notObject), undefined);
});
