#!/usr/bin/env node
/**
 * `npm test`: compiles the suite (scripts/compile-tests.mjs, ~7 s with the key pool) and runs it with ava
 * (scripts/ava.compiled.config.mjs; arguments go to ava, e.g. `npm test -- --tap`, and a test
 * file named as `test/x.test.ts` runs its compiled copy). (`biome check` runs before, ~1 s.)
 * The type check is `npm run typecheck` (tsc --noEmit), which `.ci/run` runs as its own step.
 *
 * `npx ava test/x.test.ts` runs a file straight from source through tsx instead (package.json).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileTests } from './compile-tests.mjs';

// ava's package exports do not include its CLI; its path inside the package is stable.
const avaCli = fileURLToPath(new URL('../node_modules/ava/entrypoints/cli.mjs', import.meta.url));
const config = fileURLToPath(new URL('./ava.compiled.config.mjs', import.meta.url));

function run(script, args) {
  const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
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

await compileTests();
process.exitCode = await run(avaCli, ['--config', config, ...avaArgs]);
