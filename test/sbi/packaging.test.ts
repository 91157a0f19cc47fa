import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { build } from 'esbuild';
import { discoverDevices } from '../../src/sbi/client/index.js';
import { runSimulatorCli } from '../../src/sbi/simulator/index.js';
import { makeIdSystemKey } from './helpers.js';

test('the client entry bundles for the browser with no node: imports', async (t) => {
  const result = await build({
    entryPoints: ['src/sbi/client/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false,
    metafile: true, logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  // Only browser-safe code: the client's own files, @scure/base (pure JS base64) and, of jose, only
  // the unverified decoders and their helpers (no signing, verification or JWE code).
  const own = (f: string) => f.startsWith('src/sbi/') && !f.includes('/simulator/') && !f.includes('/verifier/') && !f.includes('/crypto/');
  const scure = (f: string) => f.startsWith('node_modules/@scure/base/');
  const joseDecoders = (f: string) => /node_modules\/jose\/dist\/webapi\/(util|lib)\/[a-z0-9_]+\.js$/.test(f);
  t.true(inputs.every((f) => own(f) || scure(f) || joseDecoders(f)), inputs.join(', '));
  t.true(inputs.some((f) => f.endsWith('jose/dist/webapi/util/decode_jwt.js')));
  t.notRegex(result.outputFiles[0]!.text, /from ["']node:/);
});

test('runSimulatorCli starts a device, writes the trust anchors and rejects bad flags', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'signet-sbi-cli-'));
  const certPath = join(dir, 'ida-fir.pem');
  await writeFile(certPath, (await makeIdSystemKey()).certificatePem);
  const lines: string[] = [];
  const handle = await runSimulatorCli(['--encryption-cert', certPath, '--state-dir', join(dir, 'state'), '--bio-type', 'Iris', '--subject', 'carol'], (l) => lines.push(l));
  try {
    t.regex(lines[0]!, new RegExp(`listening on http://127\\.0\\.0\\.1:${handle.port}`));
    t.is(await readFile(join(dir, 'state', 'device-ca.pem'), 'utf8'), handle.deviceCaPem);
    t.is(await readFile(join(dir, 'state', 'ftm-ca.pem'), 'utf8'), handle.ftmCaPem);
    const found = await discoverDevices({ portRange: { from: handle.port, to: handle.port } });
    t.is(found[0]!.devices.length, 1);
    await t.throwsAsync(runSimulatorCli(['--state-dir', dir]), { message: /--encryption-cert is required/ });
    await t.throwsAsync(runSimulatorCli(['--encryption-cert', certPath, '--fault', 'nope']), { message: /unknown --fault/ });
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
});
