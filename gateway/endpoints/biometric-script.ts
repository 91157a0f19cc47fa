import { readFile } from 'node:fs/promises';
import type { Handler } from '../context.js';

/**
 * `GET /assets/biometric-login.js`: the login page's biometric script (gateway/browser/
 * biometric-login.ts, which uses the browser-safe SBI client), served from memory.
 *
 * Built (`npm run build`): the bundle esbuild wrote to dist/gateway/assets/ at build time, so a
 * deployment needs no bundler. From source (tsx, development): bundled once per process with
 * esbuild, a dev dependency, so an edit to the script shows up on the next start.
 */
let bundle: Promise<string> | undefined;

const fromSource = import.meta.url.endsWith('.ts');

async function bundleFromSource(): Promise<string> {
  const { build: esbuild } = await import('esbuild');
  const entry = new URL('../browser/biometric-login.ts', import.meta.url).pathname;
  const out = await esbuild({ entryPoints: [entry], bundle: true, write: false, format: 'iife', target: 'es2020', minify: true, platform: 'browser', legalComments: 'none' });
  return out.outputFiles[0]!.text;
}

/** Loads (or bundles) the script once; the gateway calls it at start so the first page is not delayed. */
export function prepareBiometricScript(): Promise<string> {
  bundle ??= (fromSource ? bundleFromSource() : readFile(new URL('../assets/biometric-login.js', import.meta.url), 'utf8')).catch(
    (err: unknown) => {
      bundle = undefined;
      throw err;
    },
  );
  return bundle;
}

export const biometricScript: Handler = async (_req, res) => {
  const body = await prepareBiometricScript();
  res.writeHead(200, {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': 'public, max-age=300',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
};
