/**
 * Call-scoped state lives in one AsyncLocalStorage for the process (src/core/ports/call-context.ts: the core's
 * call context and the gateway's request context are slots of it): on Node 20 each instance in use costs every
 * promise of the process a property write. A module that needs call-scoped state takes a slot
 * (src/core/ports/call-context.ts) or a field of the request context (gateway/http/request-context.ts)
 * instead of its own instance.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { contextSlot } from '../../src/core/ports/call-context.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OWNERS = ['src/core/ports/call-context.ts'];

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('only the call context constructs an AsyncLocalStorage', (t) => {
  const constructing = ['src', 'gateway']
    .flatMap((d) => listTs(join(ROOT, d)))
    .filter((f) => /new\s+AsyncLocalStorage\b/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f))
    .sort();
  t.deepEqual(constructing, OWNERS);
});

test('slots are independent: run sets one, exit empties one, both survive awaits and nest', async (t) => {
  const a = contextSlot<string>('a');
  const b = contextSlot<string>('b');
  t.is(a.getStore(), undefined);
  await a.run('a1', async () => {
    await b.run('b1', async () => {
      await Promise.resolve();
      t.is(a.getStore(), 'a1');
      t.is(b.getStore(), 'b1');
      await a.run('a2', async () => {
        await new Promise((r) => setImmediate(r));
        t.is(a.getStore(), 'a2', 'the inner value');
        t.is(b.getStore(), 'b1', 'the other slot untouched');
      });
      t.is(a.getStore(), 'a1', 'the outer value again');
      await a.exit(async () => {
        await Promise.resolve();
        t.is(a.getStore(), undefined, 'emptied');
        t.is(b.getStore(), 'b1', 'the other slot kept');
      });
    });
    t.is(b.getStore(), undefined, 'ended with its run');
  });
  t.is(a.exit(() => 'no slots in force'), 'no slots in force');
});
