import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One import of a third-party package found by {@link packageImports}. */
export interface PackageImport {
  /** The importing file, relative to the root. */
  file: string;
  /** The package name (`@scope/name` or `name`). */
  name: string;
  /** `import('x')` at run time rather than a static import (which loads with the module). */
  dynamic: boolean;
}

// Static value imports and re-exports (not `import type`), and dynamic `import('…')`.
const STATIC = /^\s*(?:import|export)\s+(?!type\s)(?:[\w*${}\s,]+\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function resolveRelative(from: string, spec: string): string | undefined {
  const target = resolve(dirname(from), spec);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return undefined;
}

/**
 * Every third-party package the code reachable from `entries` loads at run time: follows relative
 * value imports (type-only imports are erased by the compiler and skipped), and reports each bare
 * specifier that is not a Node built-in.
 */
export function packageImports(root: string, entries: readonly string[]): PackageImport[] {
  const found: PackageImport[] = [];
  const seen = new Set<string>();
  const queue = entries.map((e) => resolve(root, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const rel = relative(root, file).split(sep).join('/');
    const specs = [
      ...[...source.matchAll(STATIC)].map((m) => ({ spec: m[1]!, dynamic: false })),
      ...[...source.matchAll(DYNAMIC)].map((m) => ({ spec: m[1]!, dynamic: true })),
    ];
    for (const { spec, dynamic } of specs) {
      if (spec.startsWith('.')) {
        const target = resolveRelative(file, spec);
        if (target) queue.push(target);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
        found.push({ file: rel, name: packageName(spec), dynamic });
      }
    }
  }
  return found;
}
