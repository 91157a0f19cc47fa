/**
 * The core owns its ports: storage, the identity-system adapters and the SBI code implement or
 * use interfaces declared under src/core/ports and reach nothing else of the core; the ports are
 * leaves that import only each other. Together these keep every outer layer's whole import graph
 * out of the core's rules and RPCs.
 */
import test from 'ava';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUTER = ['src/storage', 'src/identity', 'src/sbi'];
const PORTS = 'src/core/ports/';

const SPECIFIER = /(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The repository-relative targets of a file's relative imports. */
function relativeImports(root: string, file: string): string[] {
  const out: string[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const spec = (m[1] ?? m[2])!;
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
    out.push(relative(root, target).split(sep).join('/'));
  }
  return out;
}

/** Every import that breaks the port rules under `root`, as "from → to". */
export function portViolations(root: string): string[] {
  const problems: string[] = [];
  const rel = (f: string) => relative(root, f).split(sep).join('/');
  for (const dir of OUTER) {
    for (const file of listTs(join(root, dir))) {
      for (const target of relativeImports(root, file)) {
        if (target.startsWith('src/core/') && !target.startsWith(PORTS)) problems.push(`${rel(file)} → ${target}`);
      }
    }
  }
  for (const file of listTs(join(root, PORTS))) {
    for (const target of relativeImports(root, file)) {
      if (!target.startsWith(PORTS)) problems.push(`${rel(file)} → ${target}`);
    }
  }
  return problems;
}

test('storage, identity and sbi reach the core only through its ports, and the ports are leaves', (t) => {
  t.deepEqual(portViolations(ROOT), []);
});

test('the port check catches an adapter reaching past the ports and a port reaching out', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'ports-'));
  for (const d of ['src/storage', 'src/sbi/simulator', 'src/core/ports/storage', 'src/core/flow']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'src/storage/ok.ts'), "import type { Clock } from '../core/ports/clock.js';\n");
  writeFileSync(join(root, 'src/storage/bad.ts'), "import { signetError } from '../core/errors.js';\n");
  writeFileSync(join(root, 'src/sbi/simulator/bad.ts'), "export type { FlowDeps } from '../../core/flow/deps.js';\n");
  writeFileSync(join(root, 'src/core/ports/storage/bad.ts'), "import type { X } from '../../flow/deps.js';\nimport type { Y } from '../clock.js';\n");
  t.deepEqual(portViolations(root).sort(), [
    'src/core/ports/storage/bad.ts → src/core/flow/deps.ts',
    'src/sbi/simulator/bad.ts → src/core/flow/deps.ts',
    'src/storage/bad.ts → src/core/errors.ts',
  ]);
});
