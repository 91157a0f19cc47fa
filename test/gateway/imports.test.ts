import test from 'ava';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The parts of src/ the gateway may reach: the contract, and the browser SBI client with the
 * browser-safe SBI files it shares, and the process's one AsyncLocalStorage (its request context
 * is a slot of it: on Node 20 each instance costs every promise a property write) — never the
 * verifier, simulator, core or storage, so the gateway runs as its own process against the
 * contract alone.
 */
const SBI_SHARED = ['constants', 'error-codes', 'types', 'capture-types', 'base64', 'jws-decode', 'transaction-id'].map((f) => `src/sbi/${f}.ts`);
const ALLOWED_SRC = ['src/gen/', 'src/sbi/client/', ...SBI_SHARED, 'src/core/ports/call-context.ts'];

/**
 * Third-party packages the gateway may use (@scure/base and jose's unverified decoders: the
 * browser-safe SBI client's base64 and JWS decoding).
 */
const ALLOWED_PACKAGES = ['@connectrpc/connect', '@connectrpc/connect-node', '@bufbuild/protobuf', '@opentelemetry/api', 'cookie', 'esbuild', 'intl-messageformat', '@scure/base', 'jose'];

const SPECIFIER = /(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Resolves `./x.js` to the `.ts` file tsx would load. */
function resolveRelative(from: string, spec: string): string {
  const target = resolve(dirname(from), spec);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  return target;
}

/**
 * Walks the import graph from every .ts file under `<root>/gateway`, following
 * relative imports, and returns each import that leaves the allowed set.
 */
export function forbiddenImports(root: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const queue = listTs(join(root, 'gateway'));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const rel = relative(root, file).split(sep).join('/');
    for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) {
        const target = resolveRelative(file, spec);
        const targetRel = relative(root, target).split(sep).join('/');
        if (targetRel.startsWith('..') || (!targetRel.startsWith('gateway/') && !ALLOWED_SRC.some((p) => targetRel.startsWith(p)))) {
          problems.push(`${rel} → ${targetRel}`);
        } else {
          queue.push(target);
        }
      } else if (spec.startsWith('node:') || builtinModules.includes(spec)) {
        continue;
      } else if (!ALLOWED_PACKAGES.includes(packageName(spec))) {
        problems.push(`${rel} → package ${spec}`);
      }
    }
  }
  return problems;
}

test('the gateway reaches no src/ code but the generated contract and the SBI client', (t) => {
  t.deepEqual(forbiddenImports(ROOT), []);
});

test('the import walk catches a transitive reach into the core', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'gw-imports-'));
  for (const d of ['gateway/http', 'src/core', 'src/gen/signet/v1']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'gateway/server.ts'), "import { x } from './http/helper.js';\nimport type { Y } from '../src/gen/signet/v1/a_pb.js';\n");
  writeFileSync(join(root, 'gateway/http/helper.ts'), "export { systemClock as x } from '../../src/core/clock.js';\nimport 'knex';\n");
  writeFileSync(join(root, 'src/core/clock.ts'), 'export const systemClock = 1;\n');
  writeFileSync(join(root, 'src/gen/signet/v1/a_pb.ts'), "import { create } from '@bufbuild/protobuf';\n");
  t.deepEqual(forbiddenImports(root).sort(), [
    'gateway/http/helper.ts → package knex',
    'gateway/http/helper.ts → src/core/clock.ts',
  ]);
});
