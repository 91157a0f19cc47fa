/**
 * `npm run build` output runs with the runtime dependencies alone (`npm ci --omit=dev`): every
 * package the CLI can load is in package.json `dependencies`, except the dev-only loads listed
 * here, which run only from source (tsx). `.ci/check-build.sh` proves the same on the built files.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageImports } from '../helpers/import-graph.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Dev-only dynamic imports, by file: each is guarded so the built code never reaches it. */
const DEV_ONLY: Readonly<Record<string, readonly string[]>> = {
  // Bundles the biometric page script when running from source; the build ships it prebuilt.
  'gateway/endpoints/biometric-script.ts': ['esbuild'],
};

/**
 * Dev-only code, loaded with a guarded dynamic import: the development demo (src/cli/commands/demo.ts
 * runs `signet start` without it when its libraries are not installed).
 */
const DEV_ONLY_TREES = ['demo/'];

test('everything the signet CLI loads at run time is a runtime dependency', (t) => {
  const imports = packageImports(ROOT, ['src/cli/main.ts']);
  t.true(imports.some((i) => i.name === '@grpc/grpc-js'), 'the walk reaches the core server');
  t.true(imports.some((i) => i.file.startsWith('demo/') && i.name === 'openid-client'), 'the walk reaches the demo');
  const devOnly = (i: (typeof imports)[number]) => (i.dynamic && DEV_ONLY[i.file]?.includes(i.name)) || DEV_ONLY_TREES.some((tree) => i.file.startsWith(tree));
  const misplaced = imports.filter((i) => !(i.name in pkg.dependencies) && !devOnly(i));
  t.deepEqual(misplaced, []);
  const missing = imports.filter((i) => !(i.name in pkg.dependencies) && !(i.name in pkg.devDependencies));
  t.deepEqual(missing, [], 'every package is declared');
});

test('the demo is loaded only by a guarded dynamic import', (t) => {
  const source = readFileSync(resolve(ROOT, 'src/cli/commands/demo.ts'), 'utf8');
  t.regex(source, /try \{\s*demo = await import\("\.\.\/\.\.\/\.\.\/demo\/index\.js"\);\s*\} catch/);
  t.notRegex(source, /^import [^t].*demo\/index\.js/m, 'no static value import of the demo');
});

test('the build tools are dev dependencies only', (t) => {
  for (const name of ['tsx', 'esbuild', 'typescript']) {
    t.false(name in pkg.dependencies, `${name} in dependencies`);
    t.true(name in pkg.devDependencies, `${name} in devDependencies`);
  }
});

test('the import walk sees static, re-exported and dynamic imports but not type-only ones', (t) => {
  const found = packageImports(ROOT, ['gateway/endpoints/biometric-script.ts']);
  t.deepEqual(found, [{ file: 'gateway/endpoints/biometric-script.ts', name: 'esbuild', dynamic: true }]);
  const index = packageImports(ROOT, ['gateway/index.ts']).map((i) => i.name);
  t.true(index.includes('@connectrpc/connect-node'), 'reached through export … from');
});
