#!/usr/bin/env node
/**
 * `npm test`: compiles the suite (scripts/compile-tests.mjs, ~2 s) and runs it with ava
 * (scripts/ava.compiled.config.mjs; arguments go to ava, e.g. `npm test -- --tap`, and a test
 * file named as `test/x.test.ts` runs its compiled copy), while the type check (tsc --noEmit)
 * runs beside it. The type checker's output is held back and printed after the tests, so it
 * never interleaves with TAP. Fails when either fails. (`biome check` runs before, ~1 s.)
 *
 * `npx ava test/x.test.ts` runs a file straight from source through tsx instead (package.json).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { compileTests } from './compile-tests.mjs';

const require = createRequire(import.meta.url);
/** Every child started, so a failure here stops them instead of leaving them running. */
const children = [];
// ava's package exports do not include its CLI; its path inside the package is stable.
const avaCli = fileURLToPath(new URL('../node_modules/ava/entrypoints/cli.mjs', import.meta.url));
const config = fileURLToPath(new URL('./ava.compiled.config.mjs', import.meta.url));

function run(script, args, { capture }) {
  const child = spawn(process.execPath, [script, ...args], { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  children.push(child);
  let output = '';
  if (capture) {
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
  }
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output })));
}

/** `test/x.test.ts` (or `./test/...`) → its compiled copy; any other argument as given. */
const avaArgs = process.argv.slice(2).map((arg) => {
  if (!/^(\.\/)?test\/.+\.test\.ts(:|$)/.test(arg)) return arg;
  if (arg.includes(':')) {
    // ava selects `file:line` by the lines of the file it runs, and the compiled file's differ.
    console.error(`npm test: ${arg}: tests cannot be chosen by line here (the files run compiled); choose them by title: --match '<title pattern>'`);
    process.exit(2);
  }
  return `.test-build/${arg.replace(/^\.\//, '').replace(/\.test\.ts$/, '.test.js')}`;
});

const typecheck = run(require.resolve('typescript/bin/tsc'), ['--noEmit'], { capture: true });
try {
  await compileTests();
} catch (err) {
  for (const child of children) child.kill();
  throw err;
}
const tests = run(avaCli, ['--config', config, ...avaArgs], { capture: false });
const [tsc, ava] = await Promise.all([typecheck, tests]);
if (tsc.code !== 0) process.stderr.write(`\ntsc --noEmit failed:\n${tsc.output}`);
process.exitCode = tsc.code !== 0 ? tsc.code : ava.code;
