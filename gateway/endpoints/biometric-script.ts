import type { Handler } from '../context.js';

/**
 * `GET /assets/biometric-login.js`: the login page's biometric script, bundled once per
 * process with esbuild from gateway/browser/biometric-login.ts (which uses the
 * browser-safe SBI client) and served from memory.
 */
let bundle: Promise<string> | undefined;

async function build(): Promise<string> {
  const { build: esbuild } = await import('esbuild');
  const entry = new URL('../browser/biometric-login.ts', import.meta.url).pathname;
  const out = await esbuild({ entryPoints: [entry], bundle: true, write: false, format: 'iife', target: 'es2020', minify: true, platform: 'browser', legalComments: 'none' });
  return out.outputFiles[0]!.text;
}

/** Starts the bundle build (the gateway calls this at start so the first page is not delayed). */
export function prepareBiometricScript(): Promise<string> {
  bundle ??= build().catch((err: unknown) => {
    bundle = undefined;
    throw err;
  });
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
