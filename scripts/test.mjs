#!/usr/bin/env node
/**
 * `npm test`: the type check (tsc --noEmit) and the tests (ava, with any arguments given, e.g.
 * `npm test -- --tap`) run side by side — the tests spend much of their time waiting on sockets,
 * processes and the browser, and the type check fills that time instead of adding ~15 s before
 * the first test starts. The type checker's output is held back and printed after the tests, so
 * it never interleaves with TAP. Fails when either fails. (`biome check` runs before, it takes ~1 s.)
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// ava's package exports do not include its CLI; its path inside the package is stable.
const avaCli = fileURLToPath(new URL('../node_modules/ava/entrypoints/cli.mjs', import.meta.url));

function run(script, args, { capture }) {
  const child = spawn(process.execPath, [script, ...args], { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  if (capture) {
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
  }
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output })));
}

const typecheck = run(require.resolve('typescript/bin/tsc'), ['--noEmit'], { capture: true });
const tests = run(avaCli, process.argv.slice(2), { capture: false });
const [tsc, ava] = await Promise.all([typecheck, tests]);
if (tsc.code !== 0) process.stderr.write(`\ntsc --noEmit failed:\n${tsc.output}`);
process.exitCode = tsc.code !== 0 ? tsc.code : ava.code;
