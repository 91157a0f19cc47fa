import { connect } from 'node:net';
import test from 'ava';
import { startGateway } from './harness.js';

/** Sends raw bytes and returns the whole reply (the gateway closes the connection). */
function raw(url: string, request: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (out += chunk));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
  });
}

test('an absolute-form request target that is not a URL is 400, not a crash', async (t) => {
  const gw = await startGateway();
  t.teardown(gw.close);
  const reply = await raw(gw.url, 'GET http://[/authorize HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  t.regex(reply, /^HTTP\/1\.1 400 /);
  t.is((await fetch(`${gw.url}/healthz`)).status, 200, 'the gateway still serves');
});
