/**
 * ava's configuration for the compiled suite that `npm test` runs (scripts/test.mjs,
 * scripts/compile-tests.mjs): package.json's settings, pointed at `.test-build/` and without tsx.
 * `SIGNET_TEST_BUILD` tells the process tests to spawn the compiled CLI too
 * (test/foundation/processes.ts, `cliArgs`); `SIGNET_TEST_KEY_POOL` names the pre-generated RSA keys
 * the booted runtimes take (test/helpers/key-pool.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Written by scripts/compile-tests.mjs (`keyPoolFile`). */
const keyPoolFile = fileURLToPath(new URL('../.test-build/key-pool.json', import.meta.url));
const { ava } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/**
 * The workers to run, in order (scripts/compile-tests.mjs, `workersFile`): a directory's test files
 * share one. Named files (`npm test -- test/x.test.ts`) run alone, each in a worker of its own.
 */
const workers = JSON.parse(readFileSync(new URL('../.test-build/workers.json', import.meta.url), 'utf8'));
const namesFiles = process.argv.slice(2).some((arg) => /\.test\.js$/.test(arg));
const rank = (file) => {
  const i = workers.findIndex((w) => file.endsWith(w.slice('.test-build/'.length)));
  return i < 0 ? workers.length : i;
};

export default {
  ...ava,
  files: namesFiles ? ['.test-build/test/*/**/*.test.js'] : workers,
  sortTestFiles: (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  extensions: ['js'],
  nodeArguments: [],
  require: ['./.test-build/test/helpers/exit-when-done.js'],
  environmentVariables: { ...ava.environmentVariables, SIGNET_TEST_BUILD: '.test-build', SIGNET_TEST_KEY_POOL: keyPoolFile },
};
