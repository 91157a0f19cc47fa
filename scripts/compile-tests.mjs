#!/usr/bin/env node
/**
 * Compiles the test suite for `npm test` (scripts/test.mjs): esbuild bundles every
 * `test/**\/*.test.ts`, ava's worker helper and the CLI (which process tests spawn) into
 * `.test-build/`, with the code they share split into chunks,
 * and writes the workers ava runs (`writeWorkers`: a directory's test files share one).
 *
 * Why: each ava worker is a Node process of its own. Under tsx every worker transpiles and resolves
 * the same few hundred source files and node_modules files again (about 3.7 s of CPU to import
 * test/helpers/signet.ts); bundled, that import costs about 0.6 s. On 2 cores the suite is bound
 * by CPU, so this is most of the difference between the two runs (see README, "Tests and CI").
 *
 * What stays as it is under tsx:
 * - `import.meta.url`, `import.meta.dirname`, `import.meta.filename`, `__dirname` and
 *   `__filename` name the original file, in Signet's files and in bundled packages alike, so code
 *   that reads files next to itself (fixtures, page templates, the biometric script, the proto
 *   files @grpc/reflection loads) finds them where they are.
 * - A dynamic `import('package')` stays a run-time import, so what loads lazily (tracing,
 *   testcontainers, esbuild for the biometric script) still loads only when asked for.
 * - Native addons, optional drivers and the test tools themselves are not bundled (EXTERNAL).
 *
 * One difference: the login page's biometric script is built once here, into the place a build
 * puts it, instead of by every gateway the tests start (esbuild in each worker).
 *
 * `npx ava test/x.test.ts` still runs a file from source through tsx (package.json's ava config).
 */
import { generateKeyPair, webcrypto } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { buildBiometricScript } from './biometric-script.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const outdir = join(root, '.test-build');
/** RSA-2048 keys the booted runtimes take instead of generating their own (test/helpers/key-pool.ts). */
export const keyPoolFile = join(outdir, 'key-pool.json');
/** The ava workers `npm test` runs, in order (`writeWorkers`). */
export const workersFile = join(outdir, 'workers.json');
/** Enough for all but the worker that boots the most runtimes (2 RSA token keys each); past it, keys are generated. */
const KEY_POOL_SIZE = 24;
/** SBI encryption keys with certificates, one per boot. */
const SBI_POOL_SIZE = 12;
/** SBI simulator states (four RSA keys each), one per simulator state directory. */
const SIM_POOL_SIZE = 3;

const EXTERNAL = [
  // The test runner and tools the tests drive; they must be the copies in node_modules.
  'ava',
  'esbuild',
  'typescript',
  'tsx',
  'playwright-core',
  'axe-core', // read from its file and injected into pages
  'testcontainers',
  '@testcontainers/*',
  'oidc-provider', // the benchmark peer, loaded by a few tests
  // Native addons and their optional helpers.
  'better-sqlite3',
  'pg-native',
  'cpu-features',
  'ssh2',
  // Drivers knex can load but Signet never configures.
  'sqlite3',
  'mariadb',
  'mariadb/*',
  'mysql',
  'mysql2',
  'oracledb',
  'tedious',
  'pg-query-stream',
];

function testFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/**
 * Test files that keep an ava worker (a Node process) of their own, with the reason
 * (test/workers.json, checked by test/architecture/workers.test.ts). Every other test file shares
 * one worker with the other test files of its directory (`writeWorkers`).
 */
const OWN_WORKER = new Map(Object.entries(JSON.parse(readFileSync(join(root, 'test/workers.json'), 'utf8')).ownWorker));

/**
 * The workers that take longest (~15–35 s each on their own), started first so that the last to
 * finish on 2 cores is a short one; the rest follow in path order.
 */
const LONGEST_FIRST = ['test/pages', 'test/reliability', 'test/identity-system', 'test/browser/logins.test.ts', 'test/security', 'test/demo', 'test/foundation'];

/**
 * How the test files that share a worker are run: `.test-build/test/<dir>.test.js` imports them
 * one after another, naming each in `globalThis[GROUP_MEMBER]` while it loads. What they declare
 * (`test(...)`, hooks) is held in `globalThis[GROUP_DECLARATIONS]` and handed to ava once all are
 * loaded, because ava takes declarations only in the tick of a file's first one; a title gets its
 * file's name, `<file> › <title>`, so ava reports `<dir> › <file> › <title>` as it would for the
 * file alone, and titles stay unique in the worker.
 */
const GROUP_MEMBER = 'signet.test.groupMember';
const GROUP_DECLARATIONS = 'signet.test.groupDeclarations';

/**
 * What `import test from "ava"` gives a compiled test file: ava's `test`, which in a shared worker
 * defers each declaration and prefixes its title (see above), and otherwise is ava's own.
 */
const TITLED_AVA = `import test from 'ava';
export * from 'ava';
const member = Symbol.for(${JSON.stringify(GROUP_MEMBER)});
const declarations = Symbol.for(${JSON.stringify(GROUP_DECLARATIONS)});
function titled(fn) {
  return new Proxy(fn, {
    apply(target, self, args) {
      const pending = globalThis[declarations];
      if (!pending) return Reflect.apply(target, self, args);
      const name = globalThis[member];
      pending.push(() => Reflect.apply(target, self, typeof args[0] === 'string' ? [\`\${name} › \${args[0]}\`, ...args.slice(1)] : args));
    },
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? titled(value) : value;
    },
  });
}
export default titled(test);
`;

const titledAva = {
  name: 'titled-ava',
  setup(b) {
    b.onResolve({ filter: /^ava$/ }, (args) => (args.namespace === 'titled-ava' ? { path: 'ava', external: true } : { path: 'ava', namespace: 'titled-ava' }));
    b.onLoad({ filter: /.*/, namespace: 'titled-ava' }, () => ({ contents: TITLED_AVA, loader: 'js', resolveDir: root }));
  },
};

/**
 * Writes the workers ava runs (`workersFile`, read by scripts/ava.compiled.config.mjs): one per
 * directory of test/, which loads that directory's test files in turn, and one per file named in
 * OWN_WORKER or alone in its directory. A worker costs ~0.4 s of CPU to start and ~0.8 s more to
 * load what Signet's tests share; the suite has ~130 files on 2 cores.
 */
async function writeWorkers(files) {
  const byDir = new Map();
  const workers = [];
  for (const file of files.map((f) => relative(root, f).split(sep).join('/')).sort()) {
    if (OWN_WORKER.has(file)) workers.push(file);
    else {
      const dir = file.slice(0, file.lastIndexOf('/'));
      byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
    }
  }
  for (const [dir, members] of byDir) {
    if (members.length === 1) {
      workers.push(members[0]);
      continue;
    }
    const lines = [
      `// Generated by scripts/compile-tests.mjs: the test files of ${dir}/ in one ava worker.`,
      `const member = Symbol.for(${JSON.stringify(GROUP_MEMBER)});`,
      `const declarations = Symbol.for(${JSON.stringify(GROUP_DECLARATIONS)});`,
      'const pending = (globalThis[declarations] = []);',
    ];
    for (const file of members) {
      const name = file.slice(dir.length + 1).replace(/\.test\.ts$/, '');
      lines.push(`globalThis[member] = ${JSON.stringify(name)};`, `await import(${JSON.stringify(`./${basename(dir)}/${name}.test.js`)});`);
    }
    lines.push('delete globalThis[declarations];', 'delete globalThis[member];', 'for (const declare of pending) declare();', '');
    await writeFile(join(outdir, `${dir}.test.js`), lines.join('\n'));
    workers.push(`${dir}.test.ts`);
  }
  const rank = (w) => {
    const i = LONGEST_FIRST.findIndex((first) => w === first || w === `${first}.test.ts`);
    return i < 0 ? LONGEST_FIRST.length : i;
  };
  workers.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const compiled = workers.map((w) => `.test-build/${w.replace(/\.test\.ts$/, '.test.js')}`);
  await writeFile(workersFile, JSON.stringify(compiled, null, 1));
}

/**
 * The gateway bundles the login page's biometric script with esbuild when it runs from source;
 * the compiled suite gets it built once, where the loader looks in a build (scripts/build.mjs).
 */
const BIOMETRIC_LOADER = join(root, 'gateway/endpoints/biometric-script.ts');

/** Keeps Signet's files' view of where they are, and package imports made at run time lazy. */
const originalLocation = {
  name: 'original-location',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'dynamic-import' && !args.path.startsWith('node:') ? { path: args.path, external: true } : undefined));
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!/\bimport\.meta\.(url|dirname|filename)\b|\b__(dirname|filename)\b/.test(source)) return undefined;
      // The biometric script's loader finds the bundle built below, as a build finds dist/'s.
      const location = args.path === BIOMETRIC_LOADER ? join(outdir, 'gateway/endpoints/biometric-script.js') : args.path;
      const url = JSON.stringify(pathToFileURL(location).href);
      const file = JSON.stringify(location);
      const dir = JSON.stringify(dirname(location));
      const contents = source
        .replace(/\bimport\.meta\.url\b/g, url)
        .replace(/\bimport\.meta\.dirname\b/g, dir)
        .replace(/\bimport\.meta\.filename\b/g, file)
        .replace(/\b__dirname\b/g, dir)
        .replace(/\b__filename\b/g, file);
      return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

/**
 * Generates the key pool (on libuv's threads, beside the bundling; ~4.5 s of CPU that saves ~35 s):
 * RSA-2048 keys for the token keys, and development SBI encryption keys with a self-signed
 * certificate each (as a core makes for itself, so a booting core finds one in its data dir).
 * The SBI simulator states are added once the bundle is built (`compileTests`).
 */
async function writeKeyPool() {
  const generate = promisify(generateKeyPair);
  const pkcs8 = { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'der' } };
  const keys = await Promise.all(Array.from({ length: KEY_POOL_SIZE + SBI_POOL_SIZE }, () => generate('rsa', { modulusLength: 2048, ...pkcs8 })));
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  const rsa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const now = Date.now();
  const sbi = await Promise.all(
    keys.slice(KEY_POOL_SIZE).map(async ({ privateKey, publicKey }) => {
      const der = Buffer.from(privateKey.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
      const pair = {
        privateKey: await webcrypto.subtle.importKey('pkcs8', der, rsa, false, ['sign']),
        publicKey: await webcrypto.subtle.importKey('spki', publicKey, rsa, true, ['verify']),
      };
      const cert = await x509.X509CertificateGenerator.createSelfSigned(
        { name: 'CN=Signet SBI encryption (test pool)', keys: pair, notBefore: new Date(now - 60_000), notAfter: new Date(now + 365 * 86_400_000), signingAlgorithm: rsa },
        webcrypto,
      );
      return { key: privateKey, cert: `${cert.toString('pem')}\n` };
    }),
  );
  return { rsa: keys.slice(0, KEY_POOL_SIZE).map((k) => k.privateKey), sbi };
}

/** Builds `.test-build/`; resolves with the number of test files compiled. */
export async function compileTests() {
  rmSync(outdir, { recursive: true, force: true });
  const tests = testFiles(join(root, 'test'));
  const entryPoints = [
    ...tests,
    join(root, 'test/helpers/exit-when-done.ts'),
    join(root, 'src/cli/main.ts'),
    join(root, 'test/helpers/simulator-states.ts'),
  ];
  const pool = writeKeyPool();
  await build({
    entryPoints,
    outdir,
    outbase: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.11',
    supported: { 'import-attributes': true },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: false,
    logLevel: 'error',
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: { js: "import { createRequire as __signetCreateRequire } from 'node:module'; const require = __signetCreateRequire(import.meta.url);" },
    plugins: [titledAva, originalLocation],
  });
  // Simulator states are made by the simulator's own code, so from the bundle just built.
  const { simulatorStates } = await import(pathToFileURL(join(outdir, 'test/helpers/simulator-states.js')).href);
  const [sim] = await Promise.all([simulatorStates(SIM_POOL_SIZE), buildBiometricScript(join(outdir, 'gateway/assets/biometric-login.js'))]);
  await writeFile(keyPoolFile, JSON.stringify({ ...(await pool), sim }));
  await writeWorkers(tests);
  return tests.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const n = await compileTests();
  console.log(`compiled ${n} test files into ${relative(process.cwd(), outdir)}/ in ${Math.round(performance.now() - started)} ms`);
}
