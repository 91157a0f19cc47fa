/**
 * Key rotation across two instances on one PostgreSQL database, checked by relying parties that
 * cache the JWKS for exactly as long as `Cache-Control: max-age` allows and never refetch on an
 * unknown kid (the strictest cache a verifier may keep). Time is the injected clock; instance B's
 * runs 5 s ahead of A's (the configured clock skew).
 *
 * The schedule is the worst case for the delay: B loaded its keys just before A rotates, and B's
 * gateway fills its JWKS cache from that view one second before B would reload, so a relying
 * party reading B's gateway holds a JWKS without the new key for almost keys.refreshSeconds +
 * keys.jwksMaxAgeSeconds after the rotation. With the delay RotateSigningKey now requires, every
 * token either instance signs verifies at every second; with the 60 s the README used to advise,
 * some do not — which is why shorter delays are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { createClient } from '@connectrpc/connect';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { AdminService, KeyPurpose } from '../../src/gen/signet/v1/admin_pb.js';
import { loadConfig } from '../../src/config/config.js';
import { minimumPublishDelay } from '../../src/config/publish-delay.js';
import { signToken } from '../../src/core/flow/tokens.js';
import { silentLogger } from '../../src/core/logger.js';
import { createCoreRuntime, type CoreRuntime } from '../../src/runtime/core-runtime.js';
import { createGatewayRuntime } from '../../src/runtime/gateway-runtime.js';
import { createInProcessTransport } from '../../src/server/dispatch/in-process-transport.js';
import { openDatabase } from '../../src/storage/db.js';
import { freshDatabase, sharedPostgresUrl } from './helpers/postgres.js';
import { postgresTestOrSkip } from '../helpers/skip.js';
import { pooledKeyPairs } from '../helpers/key-pool.js';

const shared = sharedPostgresUrl();
const pgTest = postgresTestOrSkip(test, 'skip' in shared ? shared.skip : undefined);
const T0 = Date.parse('2030-01-01T00:00:00Z');
const SKEW_MS = 5000;
const ISSUER = 'https://id.example.test';
const KEK = Buffer.alloc(32, 9).toString('base64');
const ADMIN_TOKEN = 'rotation-admin-token-0123456789abcdefghij';
const SECOND = 1000;

/** A verifier that keeps a JWKS for the max-age it came with, and only then fetches again. */
function cachingRp(gatewayUrl: string, now: () => number) {
  let cached: { jwks: JSONWebKeySet; until: number } | undefined;
  const fetched: { at: number; kids: string[]; maxAge: number }[] = [];
  return {
    fetched,
    async verifies(jwt: string): Promise<boolean> {
      if (!cached || now() >= cached.until) {
        const res = await fetch(`${gatewayUrl}/.well-known/jwks.json`);
        const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1] ?? 0);
        cached = { jwks: (await res.json()) as JSONWebKeySet, until: now() + maxAge * SECOND };
        fetched.push({ at: now(), kids: cached.jwks.keys.map((k) => k.kid!), maxAge });
      }
      return jwtVerify(jwt, createLocalJWKSet(cached.jwks), { issuer: ISSUER, currentDate: new Date(now()) }).then(
        () => true,
        () => false,
      );
    },
  };
}

/** One Signet instance (core runtime and embedded gateway) on the shared database, with its own clock. */
async function instance(t: ExecutionContext, databaseUrl: string, clock: () => number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-rotation-'));
  const config = loadConfig({ env: {}, overrides: { dataDir, issuer: ISSUER, logLevel: 'silent', adminToken: ADMIN_TOKEN, keys: { keyEncryptionKey: KEK }, gateway: { cookieSecret: 'c'.repeat(32) } } });
  const runtime: CoreRuntime = await createCoreRuntime({ generateKeyPair: pooledKeyPairs, config, logger: silentLogger, clock, db: openDatabase({ url: databaseUrl, sqliteFile: '' }) });
  const gateway = createGatewayRuntime({ config, logger: silentLogger, embedded: runtime.services, now: clock });
  const { url } = await gateway.listen(0);
  t.teardown(async () => {
    await gateway.close(100);
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const sign = () => signToken(runtime.keys, 'ES256', 'JWT', { iss: ISSUER, sub: 's', iat: Math.floor(clock() / SECOND), exp: Math.floor(clock() / SECOND) + 300 }, clock());
  return { config, runtime, gatewayUrl: url, sign };
}

/**
 * Runs the worst-case schedule, rotating with `rotate`, then every second for `seconds` lets
 * both instances sign and both relying parties verify. Returns the failures and the kids used.
 */
async function rotateAcrossInstances(t: ExecutionContext, rotate: (a: CoreRuntime) => Promise<void>, seconds: number) {
  const db = await freshDatabase((shared as { url: string }).url);
  t.teardown(() => db.drop());
  let now = T0;
  const a = await instance(t, db.url, () => now);
  const b = await instance(t, db.url, () => now + SKEW_MS); // both load their keys now
  now += SECOND;
  await rotate(a.runtime);
  const rpA = cachingRp(a.gatewayUrl, () => now);
  const rpB = cachingRp(b.gatewayUrl, () => now);
  const failures: string[] = [];
  const kids = { a: new Set<string>(), b: new Set<string>() };
  for (let s = 1; s <= seconds; s++) {
    now = T0 + s * SECOND;
    const tokens = { a: await a.sign(), b: await b.sign() };
    kids.a.add(decodeProtectedHeader(tokens.a).kid!);
    kids.b.add(decodeProtectedHeader(tokens.b).kid!);
    // RP A reads A's gateway throughout; RP B first reads B's gateway at T0 + 59 s, just before
    // B reloads its keys: B's gateway then caches B's pre-rotation view for 60 s.
    const rps = s >= 59 ? { rpA, rpB } : { rpA };
    for (const [rp, verifier] of Object.entries(rps)) {
      for (const [signer, jwt] of Object.entries(tokens)) {
        if (!(await verifier.verifies(jwt))) failures.push(`T0+${s}s: ${rp} could not verify ${signer}'s token (kid ${decodeProtectedHeader(jwt).kid})`);
      }
    }
  }
  return { failures, kids, config: a.config, rpB };
}

pgTest('two instances and caching relying parties: a rotation with the default delay never yields a token a verifier cannot check', async (t) => {
  let created: string[] = [];
  const { failures, kids, config, rpB } = await rotateAcrossInstances(
    t,
    async (a) => {
      // Through AdminService, as an operator would: publish_delay_seconds 0 asks for the default.
      const admin = createClient(AdminService, createInProcessTransport(a.services));
      const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
      created = (await admin.rotateSigningKey({ purpose: KeyPurpose.TOKEN, publishDelaySeconds: 0n }, { headers })).keys.map((k) => k.kid);
    },
    140,
  );
  t.is(minimumPublishDelay(config).minimumSeconds, 125);
  t.deepEqual(failures, []);
  // The schedule did reach the worst case: at T0 + 59 s B's gateway served a JWKS without the new
  // keys, cacheable for about a minute more.
  const first = rpB.fetched[0]!;
  t.is(first.at, T0 + 59 * SECOND);
  t.false(first.kids.some((k) => created.includes(k)), 'B still published its pre-rotation view');
  t.true(first.maxAge >= 55, `cacheable for ${first.maxAge} s`);
  // Not vacuous: both instances did move to the new key within the run.
  for (const signer of ['a', 'b'] as const) t.true([...kids[signer]].some((k) => created.includes(k)), `${signer} signed with the new key`);
});

pgTest('the same schedule with a 60 s delay (shorter than the minimum) gives relying parties tokens signed by a key they do not hold', async (t) => {
  // Past the RPC's check, straight to the key manager: the rotation the check now refuses.
  const { failures } = await rotateAcrossInstances(t, async (a) => void (await a.keys.rotate('token', 60, T0 + SECOND)), 125);
  t.true(failures.length > 0, 'some verifier met an unknown kid');
  t.regex(failures[0]!, /rpB could not verify [ab]'s token/);
});
