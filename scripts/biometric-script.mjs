/**
 * The login page's biometric script (gateway/browser/biometric-login.ts) bundled for browsers:
 * one esbuild configuration for the build (scripts/build.mjs) and the compiled test suite
 * (scripts/compile-tests.mjs). gateway/endpoints/biometric-script.ts bundles the same way when it
 * runs from source.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes the bundle to `outfile`. */
export function buildBiometricScript(outfile) {
  return build({
    entryPoints: [join(root, 'gateway/browser/biometric-login.ts')],
    outfile,
    bundle: true, format: 'iife', target: 'es2020', minify: true, platform: 'browser', legalComments: 'none', logLevel: 'warning',
  });
}
