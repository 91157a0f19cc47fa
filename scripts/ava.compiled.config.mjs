/**
 * ava's configuration for the compiled suite that `npm test` runs (scripts/test.mjs,
 * scripts/compile-tests.mjs): package.json's settings, pointed at `.test-build/` and without tsx.
 * `SIGNET_TEST_BUILD` tells the process tests to spawn the compiled CLI too
 * (test/foundation/processes.ts, `cliArgs`).
 */
import { readFileSync } from 'node:fs';

const { ava } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export default {
  ...ava,
  files: ['.test-build/test/**/*.test.js'],
  extensions: ['js'],
  nodeArguments: [],
  require: ['./.test-build/test/helpers/exit-when-done.js'],
  environmentVariables: { ...ava.environmentVariables, SIGNET_TEST_BUILD: '.test-build' },
};
