/**
 * The demo is a client of Signet, not part of it: it reaches no core, storage or gateway protocol
 * code — only the generated contract (to register its clients), the HTML escaping helper, and the
 * W3C JSON-LD context files its verifier ships — and nothing in src/ or gateway/ reaches it except
 * the CLI that mounts it.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SPECIFIER = /(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function relativeImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(SPECIFIER)]
    .map((m) => (m[1] ?? m[2])!)
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(dirname(file), s)).split(sep).join('/'));
}

const ALLOWED = [/^demo\//, /^src\/gen\//, /^gateway\/http\/html\.js$/, /^src\/vc\/jsonld\/contexts\/(credentials-v2|multikey-v1|security-v2)\.json$/];

test('demo/ imports only itself, the contract, the HTML helper and the W3C context files', (t) => {
  const files = listTs(join(ROOT, 'demo'));
  t.true(files.length > 5);
  const problems = files.flatMap((f) =>
    relativeImports(f)
      .filter((target) => !ALLOWED.some((re) => re.test(target)))
      .map((target) => `${relative(ROOT, f)} → ${target}`),
  );
  t.deepEqual(problems, []);
});

test('only the CLI that mounts it imports the demo', (t) => {
  const importers = [...listTs(join(ROOT, 'src')), ...listTs(join(ROOT, 'gateway'))].filter((f) =>
    relativeImports(f).some((target) => target.startsWith('demo/')),
  );
  t.deepEqual(importers.map((f) => relative(ROOT, f).split(sep).join('/')), ['src/cli/commands/demo.ts']);
});
