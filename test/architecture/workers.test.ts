/**
 * `npm test` runs the test files of one directory in one ava worker (scripts/compile-tests.mjs), so a
 * file that changes or reads state shared by its whole process would make its neighbours' verdicts
 * depend on it. Such a file keeps a worker of its own, listed with its reason in test/workers.json.
 * This finds them by what they do, in the file or in the test helpers it imports (not in src/, which
 * the files share on purpose): every file found must be listed (or listed as shared with a reason),
 * and every listed file must still do what it is listed for.
 */
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TEST = join(ROOT, 'test');

/** What a test file may not do in a shared worker, by name. */
export const PROCESS_WIDE: readonly (readonly [string, RegExp])[] = [
  ['assigns a property of globalThis', /\bglobalThis\.\w+\s*=(?!=)/],
  ['changes process.env', /\bprocess\.env(?:\.\w+|\[[^\]]+\])\s*=(?!=)|\bdelete\s+process\.env\b/],
  ['changes the working directory', /\bprocess\.chdir\(/],
  ['listens on the process', /\bprocess\.(?:on|once)\(/],
  ['registers a tracer provider (startTracing with an exporter)', /\bstartTracing\([^;]*?\bexporter\b/],
  ["reads the process's metrics registry", /\bsignetMetrics\(|\/metrics\b/],
];

const SPECIFIER = /(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** The test files (not this one, whose examples below would match, nor the benchmarks). */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'bench' ? [] : testFiles(path);
    return e.name.endsWith('.test.ts') && path !== fileURLToPath(import.meta.url) ? [path] : [];
  });
}

/** The file and the test/ modules it imports, transitively. */
function testSources(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const target = resolve(dirname(file), (m[1] ?? m[2])!).replace(/\.js$/, '.ts');
    if (target.startsWith(TEST + sep) && existsSync(target)) testSources(target, seen);
  }
  return seen;
}

const rel = (file: string) => relative(ROOT, file).split(sep).join('/');

/** Each test file that does something process-wide: what, and where. */
function findings(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of testFiles(TEST)) {
    const what: string[] = [];
    for (const source of testSources(file)) {
      const text = readFileSync(source, 'utf8');
      for (const [name, pattern] of PROCESS_WIDE) if (pattern.test(text)) what.push(`${name} (${rel(source)})`);
    }
    if (what.length > 0) found.set(rel(file), what);
  }
  return found;
}

const listed = JSON.parse(readFileSync(join(TEST, 'workers.json'), 'utf8')) as { ownWorker: Record<string, string>; sharedAnyway: Record<string, string> };

test('every test file that does something process-wide has a worker of its own, or a reason to share', (t) => {
  const unlisted = [...findings()].filter(([file]) => !(file in listed.ownWorker) && !(file in listed.sharedAnyway));
  t.deepEqual(unlisted.map(([file, what]) => `${file}: ${what.join('; ')}`), [], 'list them in test/workers.json');
});

test('every file listed in test/workers.json exists and still does something process-wide', (t) => {
  const found = findings();
  for (const file of [...Object.keys(listed.ownWorker), ...Object.keys(listed.sharedAnyway)]) {
    t.true(existsSync(join(ROOT, file)), `${file} exists`);
    t.true(found.has(file), `${file} is listed but does nothing process-wide any more`);
  }
});

test('the patterns find what they are for', (t) => {
  const hits = (source: string) => PROCESS_WIDE.filter(([, pattern]) => pattern.test(source)).map(([name]) => name);
  t.deepEqual(hits('globalThis.fetch = async () => x;'), ['assigns a property of globalThis']);
  t.deepEqual(hits('if (globalThis.fetch === f) {}'), []);
  t.deepEqual(hits('process.env.SIGNET_X = "1"; delete process.env.Y;'), ['changes process.env']);
  t.deepEqual(hits('const env = { ...process.env }; delete env.X;'), []);
  t.deepEqual(hits('await startTracing({ env: {}, serviceName: "s", exporter });'), ['registers a tracer provider (startTracing with an exporter)']);
  t.deepEqual(hits('await startTracing({ env: { OTEL_SERVICE_NAME: "x" }, serviceName: "s" });'), []);
  t.deepEqual(hits('await fetch(base + "/metrics");'), ["reads the process's metrics registry"]);
});
