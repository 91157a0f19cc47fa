import { connect, createServer, type Server } from 'node:net';
import test from 'ava';
import {
  discoverDevices, findAuthDevices, getDeviceInfo, type SbiResult,
} from '../../src/sbi/client/index.js';
import { capture, setup, type Fixture } from './helpers.js';

let fx: Fixture;
test.before(async () => { fx = await setup(); });
test.after.always(async () => { await fx?.cleanup(); });
test.afterEach.always(() => { fx.sim.setStatus('Ready'); fx.sim.setCaptureDelay(0); });

const only = () => ({ portRange: { from: fx.sim.port, to: fx.sim.port } });
const kind = <T>(r: SbiResult<T>) => (r.ok ? 'ok' : r.error.kind);

test.serial('discovery finds the simulator in the default range with an unsigned digital id', async (t) => {
  const ports = await discoverDevices({ perPortTimeoutMs: 2000 });
  const mine = ports.find((p) => p.port === fx.sim.port);
  t.truthy(mine);
  const [d] = mine!.devices;
  t.is(d!.deviceId, '1');
  t.is(d!.certification, 'L1');
  t.is(d!.purpose, 'Auth');
  t.deepEqual(d!.error, { errorCode: '0', errorInfo: 'Success' });
  t.is(d!.digitalId!.split('.').length, 1, 'discovery digitalId is unsigned');
});

test.serial('device info is signed and the client keeps the L1 Auth device', async (t) => {
  const info = await getDeviceInfo(fx.sim.port);
  if (!info.ok) return t.fail(info.error.kind);
  t.true(info.value[0]!.signed);
  t.is(info.value[0]!.digitalId!.serialNo, fx.sim.serialNo);
  const found = await findAuthDevices(only());
  if (!found.ok) return t.fail(found.error.kind);
  t.like(found.value[0], { port: fx.sim.port, deviceId: '1', type: 'Finger', status: 'Ready', specVersion: '0.9.5', env: 'Developer' });
});

test.serial('the 2022-draft verb aliases are accepted', async (t) => {
  t.is((await discoverDevices({ ...only(), discoverVerb: 'SBIDISC' })).length, 1);
  t.true((await getDeviceInfo(fx.sim.port, { infoVerb: 'SBIDINFO' })).ok);
  t.true((await getDeviceInfo(fx.sim.port, { infoVerb: 'SBIINFO' })).ok);
});

test.serial('capture returns chained, encrypted elements', async (t) => {
  const r = await capture(fx.sim.port, { type: 'Finger', count: 3 });
  if (!r.ok) return t.fail(r.error.kind);
  t.is(r.value.biometrics.length, 3);
  for (const b of r.value.biometrics) {
    t.regex(b.hash, /^[0-9A-F]{64}$/);
    t.regex(b.thumbprint, /^[0-9A-F]{64}$/);
    t.is(b.data.split('.').length, 3);
  }
});

test.serial('a parallel capture gets device_busy and discovery reports Busy meanwhile', async (t) => {
  fx.sim.setCaptureDelay(1000);
  const first = capture(fx.sim.port);
  // Discovery reports Busy once the first CAPTURE has reached the device; ask until it does
  // (each ask is a round trip), instead of sleeping and hoping it has.
  const status = async () => (await discoverDevices(only()))[0]?.devices[0]?.deviceStatus;
  let asked = 0;
  while ((await status()) !== 'Busy') {
    if (++asked === 500) {
      t.fail('discovery never reported Busy while a capture was in progress');
      return;
    }
  }
  const second = await capture(fx.sim.port);
  t.is(kind(second), 'device_busy');
  if (!second.ok) t.is(second.error.sbiErrorCode, '111');
  t.is(kind(await first), 'ok');
  t.is(await status(), 'Ready', 'and Ready again once the capture is done');
});

test.serial('statuses map to typed errors: Not Ready, Busy, Not Registered', async (t) => {
  fx.sim.setStatus('Not Ready');
  t.is(kind(await capture(fx.sim.port)), 'device_not_ready');
  fx.sim.setStatus('Busy');
  t.is(kind(await capture(fx.sim.port)), 'device_busy');
  fx.sim.setStatus('Not Registered');
  t.is(kind(await capture(fx.sim.port)), 'device_not_registered');
  const info = await getDeviceInfo(fx.sim.port);
  t.true(info.ok && !info.value[0]!.signed && info.value[0]!.error?.errorCode === '100');
  t.is(kind(await findAuthDevices(only())), 'no_device', 'unregistered devices are filtered out');
});

test.serial('a capture slower than its timeout gives capture_timeout (SBI 801)', async (t) => {
  fx.sim.setCaptureDelay(2000);
  const r = await capture(fx.sim.port, { type: 'Finger' }, { timeoutMs: 200 });
  t.is(kind(r), 'capture_timeout');
  if (!r.ok) t.is(r.error.sbiErrorCode, '801');
});

test.serial('device-side request validation codes (MockMDS order)', async (t) => {
  const send = async (patch: Record<string, unknown>, bioPatch: Record<string, unknown> = {}) => {
    const body = {
      env: 'Developer', purpose: 'Auth', specVersion: '0.9.5', timeout: '5000', captureTime: new Date().toISOString(),
      domainUri: 'https://x.test', transactionId: 'Ab3dE5gH9k',
      bio: [{ type: 'Finger', count: '1', bioSubType: ['UNKNOWN'], requestedScore: '70', deviceId: '1', deviceSubId: '0', previousHash: '', ...bioPatch }],
      customOpts: null, ...patch,
    };
    const r = await fetch(`${fx.sim.url}/capture`, { method: 'CAPTURE', body: JSON.stringify(body) });
    return ((await r.json()) as { biometrics: Array<{ error: { errorCode: string } }> }).biometrics[0]!.error.errorCode;
  };
  t.is(await send({ env: 'Nowhere' }), '115');
  t.is(await send({ purpose: 'Registration' }), '121');
  t.is(await send({}, { type: 'Palm' }), '114');
  t.is(await send({}, { deviceId: '9' }), '805');
  t.is(await send({}, { type: 'Face', bioSubType: null }), '120');
  t.is(await send({ transactionId: 'bad id!' }), '112');
  t.is(await send({}, { bioSubType: ['Left'] }), '122');
  t.is(await send({}, { count: '11' }), '109');
  t.is(await send({ timeout: '' }), '123');
});

test.serial('CORS preflight allows the custom verbs and Private Network Access', async (t) => {
  const r = await fetch(`${fx.sim.url}/capture`, {
    method: 'OPTIONS',
    headers: { Origin: 'https://login.signet.test', 'Access-Control-Request-Method': 'CAPTURE', 'Access-Control-Request-Headers': 'content-type', 'Access-Control-Request-Private-Network': 'true' },
  });
  t.is(r.status, 200);
  t.is(r.headers.get('access-control-allow-origin'), '*');
  t.is(r.headers.get('access-control-allow-private-network'), 'true');
  for (const verb of ['MOSIPDISC', 'MOSIPDINFO', 'CAPTURE', 'SBIDISC', 'SBIDINFO']) t.true(r.headers.get('access-control-allow-methods')!.includes(verb));
  t.regex(r.headers.get('access-control-allow-headers')!, /content-type/i);
  const disc = await fetch(`${fx.sim.url}/device`, { method: 'MOSIPDISC', body: '{"type":"Biometric Device"}' });
  t.is(disc.headers.get('access-control-allow-origin'), '*');
  t.is(disc.headers.get('cache-control'), 'no-store');
});

test.serial('unknown verbs and paths give 405 with error 500; bad discovery type gives 502', async (t) => {
  const r = await fetch(`${fx.sim.url}/nope`, { method: 'MOSIPDISC' });
  t.is(r.status, 405);
  t.deepEqual(await r.json(), [{ error: { errorCode: '500', errorInfo: 'Invalid URL' } }]);
  const d = await fetch(`${fx.sim.url}/device`, { method: 'MOSIPDISC', body: '{"type":"Palm"}' });
  t.is(((await d.json()) as Array<{ error: { errorCode: string } }>)[0]!.error.errorCode, '502');
});

test.serial('control endpoints set subject, status and fault; bad input is rejected', async (t) => {
  const post = (path: string, body: unknown) => fetch(`${fx.sim.url}/signet-sim/${path}`, { method: 'POST', body: JSON.stringify(body) });
  t.is((await post('status', { status: 'Not Ready' })).status, 200);
  t.is(kind(await capture(fx.sim.port)), 'device_not_ready');
  t.is((await post('status', { status: 'Ready' })).status, 200);
  t.is((await post('fault', { fault: 'no-such-fault' })).status, 400);
  t.is((await post('fault', { fault: null })).status, 200);
  t.is((await post('subject', { subject: '' })).status, 400);
  t.is((await post('subject', { subject: 'alice' })).status, 200);
  t.is(kind(await capture(fx.sim.port)), 'ok');
});

function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d) => { out += d.toString('latin1'); });
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

test.serial('oversized heads and bodies are refused; a malformed request line gets 400', async (t) => {
  t.regex(await raw(fx.sim.port, 'CAPTURE /capture HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n{'), /^HTTP\/1\.1 413 /);
  t.regex(await raw(fx.sim.port, `MOSIPDISC /device HTTP/1.1\r\nX-Pad: ${'y'.repeat(20_000)}`), /^HTTP\/1\.1 431 /);
  t.regex(await raw(fx.sim.port, 'MOSIP DISC /device HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 /);
  t.regex(await raw(fx.sim.port, 'MOSIPDISC /device HTTP/1.1\r\nContent-Length: 27\r\n\r\n{"type":"Biometric Device"}'), /^HTTP\/1\.1 200 [^]*"deviceId":"1"/);
  t.is((await discoverDevices(only())).length, 1, 'still serving afterwards');
});

test.serial('no device in range: a port that speaks no SBI gives no_device', async (t) => {
  const server: Server = createServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello'));
  let port = 4600;
  for (; port > 4501; port--) {
    const ok = await new Promise<boolean>((res) => { server.once('error', () => res(false)); server.listen(port, '127.0.0.1', () => res(true)); });
    if (ok) break;
  }
  try {
    const r = await findAuthDevices({ portRange: { from: port, to: port }, perPortTimeoutMs: 500 });
    t.is(kind(r), 'no_device');
  } finally {
    server.close();
  }
});
