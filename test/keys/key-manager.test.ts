import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import type { JWK } from 'jose';
import { generateSigningKeyPair, type KeyPairGenerator } from '../../src/keys/algorithms.js';
import { KeyDecryptionError } from '../../src/keys/key-encryption.js';
import { createKeyManager } from '../../src/keys/key-manager.js';
import type { KeyManager, KeyManagerConfig } from '../../src/keys/key-manager.js';
import { closeDatabase, openDatabase } from '../../src/storage/db.js';
import type { Database } from '../../src/storage/db.js';
import { createStorage } from '../../src/storage/index.js';
import type { Storage } from '../../src/storage/index.js';
import { migrateLatest } from '../../src/storage/migrate.js';

// Key generation is the costly part, so one database and one set of keys serve the whole file, in order.
const T0 = 1_700_000_000_000;
const S = 1000;
const dir = mkdtempSync(join(tmpdir(), 'signet-keys-'));
const quiet = { warn: () => {} };
let db: Database;
let storage: Storage;
let manager: KeyManager;
const config: KeyManagerConfig = {
  keyEncryptionKey: randomBytes(32).toString('base64'),
  kekFile: join(dir, 'unused.kek'),
  nodeEnv: 'test',
  maxTokenLifetimeSeconds: 3600,
};

test.before(async () => {
  db = openDatabase({ sqliteFile: join(dir, 'signet.db') });
  await migrateLatest(db);
  storage = createStorage(db);
  manager = await createKeyManager(storage.signingKeys, config, T0, quiet);
});
test.after.always(async () => {
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const sign = async (m: KeyManager, purpose: 'token' | 'credential', alg: 'ES256' | 'PS256' | 'RS256' | 'EdDSA', now: number) => {
  const key = await m.signingKey(purpose, alg, now);
  return { kid: key.kid, jwt: await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg, kid: key.kid }).sign(key.privateKey) };
};

test.serial('generates one key per purpose and algorithm, kid = RFC 7638 thumbprint, private key encrypted', async (t) => {
  const rows = (await db('signing_keys').select()) as { kid: string; purpose: string; alg: string; public_jwk: string; private_key: string }[];
  t.deepEqual(rows.map((r) => `${r.purpose}/${r.alg}`).sort(), ['credential/ES256', 'credential/EdDSA', 'token/ES256', 'token/PS256', 'token/RS256']);
  for (const row of rows) {
    const jwk = JSON.parse(row.public_jwk) as JWK;
    t.is(row.kid, await calculateJwkThumbprint(jwk, 'sha256'));
    t.is(jwk.d, undefined);
    t.regex(row.private_key, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    t.false(row.private_key.includes('PRIVATE KEY'));
  }
});

test.serial('publishes public JWKs with kid, alg and use, one per algorithm', async (t) => {
  const { keys } = await manager.jwks('token', T0);
  t.deepEqual(keys.map((k) => k.alg).sort(), ['ES256', 'PS256', 'RS256']);
  t.is(new Set(keys.map((k) => k.kid)).size, 3, 'PS256 and RS256 use different RSA keys');
  for (const k of keys) {
    t.is(k.use, 'sig');
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) t.false(secret in k, secret);
  }
  const credential = await manager.jwks('credential', T0);
  t.deepEqual(credential.keys.map((k) => [k.alg, k.crv]).sort(), [['ES256', 'P-256'], ['EdDSA', 'Ed25519']]);
});

test.serial('a second manager on the same database reuses and verifies the stored keys', async (t) => {
  const second = await createKeyManager(storage.signingKeys, config, T0 + S, quiet);
  t.is(((await db('signing_keys').count({ n: '*' })) as { n: number }[])[0]?.n, 5, 'no new keys');
  for (const alg of ['ES256', 'PS256', 'RS256'] as const) {
    const { jwt, kid } = await sign(manager, 'token', alg, T0 + S);
    t.is((await second.signingKey('token', alg, T0 + S)).kid, kid);
    await t.notThrowsAsync(jwtVerify(jwt, createLocalJWKSet(await second.jwks('token', T0 + S))));
  }
});

test.serial('refuses to start with the wrong key-encryption key, saying so', async (t) => {
  const wrong = { ...config, keyEncryptionKey: randomBytes(32).toString('base64') };
  const err = await t.throwsAsync(createKeyManager(storage.signingKeys, wrong, T0, quiet), { instanceOf: KeyDecryptionError });
  t.regex(err?.message ?? '', /keyEncryptionKey/);
});

test.serial('rotation publishes new keys at once, signs with them after the delay, retires old ones after the max token lifetime', async (t) => {
  const other = await createKeyManager(storage.signingKeys, config, T0, quiet); // another instance
  const old = await sign(manager, 'credential', 'EdDSA', T0);
  const T1 = T0 + 100 * S;
  const created = await manager.rotate('credential', 300, T1);
  t.deepEqual(created.map((k) => [k.alg, k.state]).sort(), [['ES256', 'PENDING'], ['EdDSA', 'PENDING']]);
  const fresh = created.find((k) => k.alg === 'EdDSA')?.kid ?? '';

  t.is((await manager.jwks('credential', T1)).keys.length, 4, 'old and new published');
  t.is((await manager.signingKey('credential', 'EdDSA', T1)).kid, old.kid, 'old key signs during the publish delay');

  const activation = T1 + 300 * S;
  const now = await sign(manager, 'credential', 'EdDSA', activation);
  t.is(now.kid, fresh);
  const jwks = createLocalJWKSet(await manager.jwks('credential', activation));
  await t.notThrowsAsync(jwtVerify(now.jwt, jwks));
  await t.notThrowsAsync(jwtVerify(old.jwt, jwks), 'tokens of the replaced key still verify');
  t.is((await manager.list('credential', activation)).find((k) => k.kid === old.kid)?.state, 'PREVIOUS');

  // The other instance learns of the new kid on first sight, without waiting for its refresh timer.
  t.truthy(await other.verificationKey(fresh, T0 + 1));

  const retirement = activation + 3600 * S;
  t.false((await manager.jwks('credential', retirement)).keys.some((k) => k.kid === old.kid));
  t.is((await manager.list('credential', retirement)).length, 2);
  const all = await manager.list('credential', retirement, true);
  t.like(all.find((k) => k.kid === old.kid), { state: 'RETIRED', supersededAt: activation, retireAt: retirement });
  t.is((await manager.signingKey('token', 'ES256', retirement)).kid, (await manager.jwks('token', T0)).keys.find((k) => k.alg === 'ES256')?.kid ?? '', 'other purposes untouched');
});

test.serial('between reloads the signing key still changes exactly at the schedule instants, in either direction of time', async (t) => {
  // Keys reloaded only hourly: the switch to the new key cannot come from a reload.
  const hourly = await createKeyManager(storage.signingKeys, { ...config, refreshSeconds: 3600 }, T0 + 5000 * S, quiet);
  const T1 = T0 + 5000 * S;
  const before = (await hourly.signingKey('credential', 'EdDSA', T1)).kid;
  const created = await hourly.rotate('credential', 30, T1);
  const next = created.find((k) => k.alg === 'EdDSA')!.kid;
  const activation = T1 + 30 * S;
  t.is((await hourly.signingKey('credential', 'EdDSA', activation - 1)).kid, before, 'the old key until the new one activates');
  t.is((await hourly.signingKey('credential', 'EdDSA', activation)).kid, next, 'the new key from its activation instant');
  t.is((await hourly.signingKey('credential', 'EdDSA', activation - 1)).kid, before, 'a clock stepping back sees the old key again');
  t.is((await hourly.signingKey('credential', 'EdDSA', activation + 10 * S)).kid, next);
  t.is((await hourly.verificationKey(before, activation - 1))?.info.state, 'ACTIVE');
  t.is((await hourly.verificationKey(before, activation))?.info.state, 'PREVIOUS', 'its state changes at the same instant');
  t.is((await hourly.verificationKey(before, activation - 1))?.info.state, 'ACTIVE');
  await t.throwsAsync(hourly.signingKey('credential', 'RS256', activation), { message: /no active credential signing key for RS256/ });
});

test('a key manager without keyEncryptionKey refuses NODE_ENV=production before touching keys', async (t) => {
  const { keyEncryptionKey: _omitted, ...rest } = config;
  await t.throwsAsync(createKeyManager(storage.signingKeys, { ...rest, nodeEnv: 'production' }, T0, quiet), {
    message: /keyEncryptionKey is required when NODE_ENV=production/,
  });
});

test('new keys come from the configured generator: one call per purpose and algorithm, and the stored key is the one it returned', async (t) => {
  const otherDb = openDatabase({ sqliteFile: join(dir, 'generator.db') });
  t.teardown(() => closeDatabase(otherDb));
  await migrateLatest(otherDb);
  const calls: string[] = [];
  const returned = new Set<string>();
  const generateKeyPair: KeyPairGenerator = async (alg, rsaModulusLength) => {
    calls.push(`${alg}/${rsaModulusLength}`);
    const pair = await generateSigningKeyPair(alg, rsaModulusLength);
    returned.add(await calculateJwkThumbprint(pair.publicKey.export({ format: 'jwk' }) as JWK, 'sha256'));
    return pair;
  };
  const generated = await createKeyManager(createStorage(otherDb).signingKeys, { ...config, generateKeyPair }, T0, quiet);
  t.deepEqual(calls.sort(), ['ES256/2048', 'ES256/2048', 'EdDSA/2048', 'PS256/2048', 'RS256/2048']);
  const kids = [...(await generated.list('token', T0)), ...(await generated.list('credential', T0))].map((k) => k.kid);
  t.deepEqual(kids.sort(), [...returned].sort(), 'every stored key is one the generator made');
});
