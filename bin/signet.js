#!/usr/bin/env node
/**
 * The `signet` command. Runs the compiled CLI from dist/ (`npm run build`); in a development
 * checkout that has not been built, runs the TypeScript source through tsx (a dev dependency)
 * instead, so `npx signet …` works on a fresh clone after `npm ci`.
 */
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('signet: dist/ is missing and tsx is not installed; run `npm run build` (with the dev dependencies) first');
    process.exit(1);
  }
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
