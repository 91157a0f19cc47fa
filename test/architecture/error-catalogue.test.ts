/**
 * The error catalogue is kept once: docs/errors.md lists exactly its codes with the same gRPC
 * status, HTTP status and user-fixable flag, and the gateway's resident messages exist only
 * for codes the core can send (the gateway's old tables drifted: they held retry keys the core
 * never sent).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { Code } from '@connectrpc/connect';
import { errorCatalogue } from '../../src/core/errors/index.js';
import { codesWithMessages } from '../../gateway/pages/resident-messages.js';

const grpcName = (c: Code) => Code[c].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

test('docs/errors.md lists every catalogue code with its gRPC status, HTTP status and user-fixable flag', (t) => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| `([a-z_]+)` \| ([A-Z_]+) \| (\d{3}) \| (yes|no) \|/gm)].map((m) => [m[1], m[2], Number(m[3]), m[4] === 'yes']);
  const expected = Object.entries(errorCatalogue).map(([code, k]) => [code, grpcName(k.grpc), k.http, k.userFixable]);
  t.deepEqual(rows, expected);
});

test('the gateway has resident messages only for codes in the catalogue', (t) => {
  t.deepEqual(codesWithMessages.filter((c) => !Object.hasOwn(errorCatalogue, c)), []);
  for (const [code, kind] of Object.entries(errorCatalogue)) {
    if (kind.userFixable) t.true(codesWithMessages.includes(code), `${code} is user-fixable, so the login page needs words for it`);
  }
});
