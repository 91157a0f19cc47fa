/**
 * Several instances starting together on one empty database: migrations are serialised (the
 * loser waits, then carries on instead of exiting), and first-key creation has one winner whose
 * keys every instance adopts, so a token one instance signs verifies with another's JWKS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { signToken } from '../../src/core/flow/tokens.js';
import { KeyManager } from '../../src/keys/key-manager.js';
import { closeDatabase, openDatabase, type Database } from '../../src/storage/db.js';
import { createStorage, migrateLatest } from '../../src/storage/index.js';
import { ADMIN_TOKEN, CORE_READY, removeDir, signetEnv, spawnCli } from '../foundation/processes.js';
import { adminClient, identityClient } from '../foundation/rpc.js';
import { freshDatabase, sharedPostgresUrl } from './helpers/postgres.js';
import { postgresTestOrSkip } from '../helpers/skip.js';

const shared = sharedPostgresUrl();
const pgTest = postgresTestOrSkip(test, 'skip' in shared ? shared.skip : undefined);
const NOW = Date.parse('2030-01-01T00:00:00Z');
const KEK = Buffer.alloc(32, 7);

/** `purpose/alg` of every key that is not superseded, with how many there are. */
async function currentKeyCounts(db: Database): Promise<Record<string, number>> {
  const rows = (await db('signing_keys').whereNull('superseded_at').select('purpose', 'alg')) as { purpose: string; alg: string }[];
  const counts: Record<string, number> = {};
  for (const r of rows) counts[`${r.purpose}/${r.alg}`] = (counts[`${r.purpose}/${r.alg}`] ?? 0) + 1;
  return counts;
}

/** Four instances (each its own pool) migrating and creating first keys at once. */
async function startTogether(t: import('ava').ExecutionContext, open: () => Database) {
  const handles = Array.from({ length: 4 }, open);
  t.teardown(() => Promise.all(handles.map(closeDatabase)).then(() => undefined));
  const managers = await Promise.all(
    handles.map(async (db) => {
      await migrateLatest(db);
      const keys = new KeyManager(createStorage(db).signingKeys, KEK, { keyEncryptionKey: undefined, kekFile: '', nodeEnv: undefined, maxTokenLifetimeSeconds: 3600 });
      await keys.ensureKeys(NOW);
      return keys;
    }),
  );
  return { handles, managers };
}

async function assertOneKeySet(t: import('ava').ExecutionContext, handles: Database[], managers: KeyManager[]) {
  const counts = await currentKeyCounts(handles[0]!);
  t.deepEqual(Object.keys(counts).sort(), ['credential/ES256', 'credential/EdDSA', 'token/ES256', 'token/PS256', 'token/RS256']);
  t.true(Object.values(counts).every((n) => n === 1), `one current key per purpose and algorithm: ${JSON.stringify(counts)}`);
  const sets = await Promise.all(managers.map((m) => m.jwks('token', NOW)));
  for (const set of sets) t.deepEqual(set, sets[0]);
  // A token the first instance signs verifies with the last instance's JWKS.
  const jwt = await signToken(managers[0]!, 'ES256', 'JWT', { iss: 'https://id.example', sub: 's' }, NOW);
  await t.notThrowsAsync(jwtVerify(jwt, createLocalJWKSet(sets[3] as JSONWebKeySet), { currentDate: new Date(NOW) }));
}

pgTest('PostgreSQL: four instances migrating and creating first keys at once end with one schema and one key per purpose and algorithm', async (t) => {
  const db = await freshDatabase((shared as { url: string }).url);
  t.teardown(() => db.drop());
  const { handles, managers } = await startTogether(t, () => openDatabase({ url: db.url, sqliteFile: '' }));
  await assertOneKeySet(t, handles, managers);
});

test('sqlite: four handles on one file (as four processes) migrating and creating first keys at once agree too', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-instances-'));
  const file = join(dir, 'signet.db');
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { handles, managers } = await startTogether(t, () => openDatabase({ sqliteFile: file }));
  await assertOneKeySet(t, handles, managers);
});

pgTest('two core processes started at once on an empty PostgreSQL database both start, and publish the same keys', async (t) => {
  const db = await freshDatabase((shared as { url: string }).url);
  t.teardown(() => db.drop());
  // Instances of one deployment share their secrets, the key-encryption key above all.
  const kek = { DATABASE_URL: db.url, SIGNET_KEY_ENCRYPTION_KEY: KEK.toString('base64') };
  const [a, b] = [await signetEnv(kek), await signetEnv(kek)];
  const started = await Promise.allSettled([spawnCli('core', a.env, CORE_READY), spawnCli('core', b.env, CORE_READY)]);
  t.teardown(async () => {
    for (const s of started) if (s.status === 'fulfilled') s.value.kill();
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.exited : undefined)));
    removeDir(a.dataDir);
    removeDir(b.dataDir);
  });
  const failed = started.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as Error).message).slice(0, 600)] : []));
  t.deepEqual(failed, [], 'neither instance failed to start');
  if (failed.length) return;
  const kids = async (env: NodeJS.ProcessEnv) =>
    ((await identityClient(env['SIGNET_CORE_URL']!).getJwks({ purpose: 'token' })).jwks as unknown as JSONWebKeySet).keys.map((k) => k.kid!).sort();
  t.deepEqual(await kids(a.env), await kids(b.env), 'both instances publish the same token keys');
  const listed = (await adminClient(b.env['SIGNET_CORE_URL']!, ADMIN_TOKEN).listSigningKeys({})).keys;
  t.is(new Set(listed.map((k) => k.alg)).size, listed.length, 'one token key per algorithm');
});
