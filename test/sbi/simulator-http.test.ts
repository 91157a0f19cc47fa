import { connect } from 'node:net';
import test from 'ava';
import { setup, type Fixture } from './helpers.js';

let fx: Fixture;
test.before(async () => { fx = await setup({ requestTimeoutMs: 300 }); });
test.after.always(async () => { await fx?.cleanup(); });

test('a request that trickles in (slowloris) is cut off at the request deadline, not kept alive by each byte', async (t) => {
  // The head never ends (no blank line) and a header line arrives every 50 ms, so the 30 s idle
  // timeout (which closes without an answer) never fires: the 408 is the 300 ms request deadline.
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(fx.sim.port, '127.0.0.1', () => socket.write('MOSIPDISC /device HTTP/1.1\r\n'));
    const drip = setInterval(() => { if (!socket.destroyed) socket.write('X: y\r\n'); }, 50);
    let out = '';
    socket.on('data', (d) => { out += d.toString('latin1'); });
    socket.on('error', () => undefined); // the server may reset while we still write
    socket.on('close', () => { clearInterval(drip); resolve(out); });
    setTimeout(() => { clearInterval(drip); socket.destroy(); reject(new Error('connection still open after 3 s')); }, 3000);
  });
  t.regex(reply, /^HTTP\/1\.1 408 /);
});
