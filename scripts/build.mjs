#!/usr/bin/env node
/**
 * `npm run build`: compiles src/ and gateway/ to dist/ with tsc, copies the JSON data files the
 * runtime reads from disk, and bundles the login page's biometric script with esbuild into
 * dist/gateway/assets/. The result runs with the runtime dependencies alone
 * (`npm ci --omit=dev` or `npm prune --omit=dev` after building); `bin/signet.js` prefers it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBiometricScript } from './biometric-script.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// Data files read with fs at run time (tsc emits only the JSON it sees imported).
function copyJson(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyJson(path);
    else if (entry.name.endsWith('.json')) {
      const target = join(dist, relative(root, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
copyJson(join(root, 'src'));
copyJson(join(root, 'gateway'));

// The biometric script, bundled once here instead of at every start (gateway/endpoints/biometric-script.ts reads it).
await buildBiometricScript(join(dist, 'gateway/assets/biometric-login.js'));
console.log(`built ${relative(process.cwd(), dist) || 'dist'}/`);
