/**
 * On Node 20 (V8 11.3), an object literal that begins with a spread and goes on with more
 * members — `{ ...a, b: 1 }`, `{ ...a, ...b }` — builds a new hidden class on every call once its
 * function is optimised: ~0.7–1.5 µs instead of ~0.05, a map left for the old generation to
 * collect, and the property caches of whatever reads the object turned megamorphic. Node 22
 * (V8 12.4) does not. Measured in a signed-userinfo run, these literals were ~1 % of the server's
 * samples in map creation alone (`perf`, `Map::RawCopy`), 0.03 % after. The code that runs per
 * request therefore writes `Object.assign({}, a, { b: 1 })`, or puts the named members first
 * (`{ b: 1, ...a }`, which V8 keeps fast) when those must not be overridden by `a` (see
 * get-user-info.ts). This test finds such literals in that code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The code on a request's path (the CLI, configuration and start-up code are not). */
const SCOPE = ['src/core', 'src/server', 'src/storage', 'src/identity', 'gateway'];
/** Runs in the browser, not in Node. */
const OUTSIDE = ['gateway/browser'];

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** `file:line: text` of each object literal that starts with a spread and has more members. */
export function spreadFirstLiterals(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node) && node.properties.length > 1 && ts.isSpreadAssignment(node.properties[0]!)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${file}:${line + 1}: ${node.getText(source).replace(/\s+/g, ' ').slice(0, 100)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no object literal on the request path starts with a spread followed by more members', (t) => {
  const files = SCOPE.flatMap((d) => listTs(join(ROOT, d)))
    .map((f) => relative(ROOT, f))
    .filter((f) => !OUTSIDE.some((o) => f.startsWith(`${o}/`)));
  t.true(files.length > 100, 'the scope holds the request-path code');
  const found = files.flatMap((f) => spreadFirstLiterals(f, readFileSync(join(ROOT, f), 'utf8')));
  t.deepEqual(found, [], 'write Object.assign({}, a, { … }) or put the named members first');
});

test('the check finds the shapes it is meant to find, and only those', (t) => {
  const code = [
    'const a = { ...x, b: 1 };',
    'const b = { ...x, ...y };',
    'const c = { ...(f ? { g } : {}), h };',
    'const d = { b: 1, ...x };',
    'const e = { ...x };',
    'const f = Object.assign({}, x, { b: 1 });',
  ].join('\n');
  const found = spreadFirstLiterals('sample.ts', code).map((l) => l.split(':')[1]);
  t.deepEqual(found, ['1', '2', '3']);
});
