/**
 * A client change made through one instance holds on every instance at once (PostgreSQL), not
 * after the client cache's lifetime: the write and a NOTIFY commit together, and every instance
 * listens and evicts. While an instance's listener is down it reads every client from the
 * database (a change could go unheard), and once it has reconnected it caches again and hears
 * changes again. End to end: a client deactivated through instance A is refused by instance B's
 * Authorize at once, although B had just cached it.
 */
import { randomBytes } from 'node:crypto';
import { Code } from '@connectrpc/connect';
import avaTest, { type ExecutionContext } from 'ava';
import { createClientCache } from '../../src/core/client-cache.js';
import { ClientStatus } from '../../src/gen/signet/v1/admin_pb.js';
import { createStorage } from '../../src/storage/index.js';
import { closeDatabase } from '../../src/storage/db.js';
import { clientChangesChannel, listenForClientChanges, type ClientChangeListenerOptions } from '../../src/storage/pg/client-changes.js';
import { databaseTargets } from '../helpers/databases.js';
import { pkcePair } from '../helpers/pkce.js';
import { startSignet } from '../helpers/signet.js';
import { newRp, refusal } from '../foundation/rpc.js';
import { newClient } from '../storage/fixtures.js';

const targets = await databaseTargets();
for (const target of targets) avaTest.after.always(() => target.dispose());
const pg = targets.find((t) => t.name === 'postgres')!;
const test = pg.test;

const NOW = 1_700_000_000_000;
/** The clock stands still: no cached record ever expires, so only a notification can evict one. */
const frozen = () => NOW;

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const clientFixture = async (clientId: string) => newClient({ clientId });
const newId = () => `cc-${randomBytes(4).toString('hex')}`;

/**
 * Instance A's storage and instance B's client cache on one schema, B's cache wired to a
 * listener as the runtime wires it; `heard` and `events` record what the listener told B.
 */
async function twoInstances(t: ExecutionContext, opts?: ClientChangeListenerOptions) {
  const aDb = await pg.migrated();
  const bDb = await pg.another(aDb);
  const cache = createClientCache(createStorage(bDb).clients, frozen);
  const heard: string[] = [];
  const events: string[] = [];
  cache.readThrough(true);
  const listener = listenForClientChanges(
    bDb,
    {
      changed: (id) => {
        heard.push(id);
        cache.evict(id);
      },
      deaf: () => {
        events.push('deaf');
        cache.readThrough(true);
      },
      listening: () => {
        events.push('listening');
        cache.readThrough(false);
      },
    },
    opts,
  );
  t.teardown(async () => {
    await listener.close();
    await closeDatabase(bDb);
    await closeDatabase(aDb);
  });
  await until('the listener listens', () => listener.listening);
  return { a: createStorage(aDb), bDb, cache, heard, events, listener };
}

test('a change written through one instance evicts the record another instance cached, as its notification arrives', async (t) => {
  const { a, cache, heard } = await twoInstances(t);
  const id = newId();
  await a.clients.create(await clientFixture(id), NOW);
  await until('B hears of the new client', () => heard.includes(id));
  t.is((await cache.get(id))?.status, 'ACTIVE');
  t.is(cache.stats().entries, 1, 'cached on B');
  t.true(await a.clients.setStatus(id, 'INACTIVE', NOW), 'deactivated through A');
  await until('B forgets the record', () => cache.stats().entries === 0);
  t.is((await cache.get(id))?.status, 'INACTIVE', 'B reads the change');
  await a.clients.update(id, { name: 'Renamed' }, NOW);
  await until('B forgets it again', () => cache.stats().entries === 0);
  t.is((await cache.get(id))?.name, 'Renamed');
});

test('a failed write notifies nobody: the notification commits with the change or not at all', async (t) => {
  const { a, heard } = await twoInstances(t);
  const id = newId();
  await a.clients.create(await clientFixture(id), NOW);
  await until('the creation is heard', () => heard.includes(id));
  heard.length = 0;
  await t.throwsAsync(a.clients.create(await clientFixture(id), NOW), { message: /client_id/ }, 'a duplicate');
  const other = newId();
  await a.clients.create(await clientFixture(other), NOW);
  await until('a later change is heard', () => heard.includes(other));
  t.deepEqual(heard, [other], 'the refused duplicate sent nothing');
});

test('a client written inside a unit of work notifies when the unit commits, and not at all when it rolls back', async (t) => {
  const { a, heard } = await twoInstances(t);
  const [kept, undone] = [newId(), newId()];
  await t.throwsAsync(
    a.withTransaction(async (repos) => {
      await repos.clients.create(await clientFixture(undone), NOW);
      throw new Error('roll back');
    }),
    { message: 'roll back' },
  );
  await a.withTransaction(async (repos) => {
    await repos.clients.create(await clientFixture(kept), NOW);
  });
  await until('the committed unit is heard', () => heard.includes(kept));
  t.false(heard.includes(undone), 'the rolled-back unit sent nothing');
  t.is(await a.clients.get(undone), null);
});

test('while the listener is cut off the cache reads every client from the database; reconnected, it caches and hears changes again', async (t) => {
  const { a, bDb, cache, heard, events, listener } = await twoInstances(t, { retryMs: 300, heartbeatMs: 60_000 });
  const admin = await pg.another(bDb);
  t.teardown(() => closeDatabase(admin));
  const id = newId();
  await a.clients.create(await clientFixture(id), NOW);
  await until('B hears of the new client', () => heard.includes(id));
  await cache.get(id);
  t.is(cache.stats().entries, 1);

  const { rows } = await admin.raw<{ rows: { pid: number }[] }>('SELECT pid FROM pg_stat_activity WHERE query = ?', [`LISTEN "${clientChangesChannel(bDb)}"`]);
  t.is(rows.length, 1, 'one listening connection for this schema');
  await admin.raw('SELECT pg_terminate_backend(?)', [rows[0]!.pid]);
  await until('the listener notices', () => !listener.listening);
  t.is(cache.stats().entries, 0, 'what was cached is forgotten');
  // Deaf: a change B cannot hear is still seen at once, because nothing is cached.
  await a.clients.setStatus(id, 'INACTIVE', NOW);
  t.is((await cache.get(id))?.status, 'INACTIVE');
  t.is(cache.stats().entries, 0, 'and nothing is kept while deaf');

  await until('the listener is back', () => listener.listening);
  t.deepEqual(events, ['listening', 'deaf', 'listening']);
  await cache.get(id);
  t.is(cache.stats().entries, 1, 'cached again');
  await a.clients.setStatus(id, 'ACTIVE', NOW);
  await until('B hears the change', () => cache.stats().entries === 0);
  t.is((await cache.get(id))?.status, 'ACTIVE');
});

test('a client deactivated through instance A is refused by instance B at once, although B had cached it', async (t) => {
  const shared = {
    keys: { keyEncryptionKey: randomBytes(32).toString('base64') },
    gateway: { cookieSecret: randomBytes(32).toString('base64url') },
    tokens: { pairwiseSalt: randomBytes(32).toString('base64url') },
  };
  const dbA = await pg.migrated();
  const a = await startSignet({ db: dbA, overrides: shared });
  t.teardown(() => a.stop());
  const b = await startSignet({ db: await pg.another(dbA), overrides: shared });
  t.teardown(() => b.stop());
  const rp = await newRp();
  await a.admin.createClient({ client: rp.client });
  const authorizeAtB = () =>
    b.identity.authorize({
      clientId: rp.clientId,
      redirectUri: rp.redirectUri,
      responseType: 'code',
      scope: 'openid',
      codeChallenge: pkcePair().challenge,
      codeChallengeMethod: 'S256',
      acrValues: 'mosip:idp:acr:generated-code',
    });
  // Both instances listen on the deployment's channel (until then an instance caches nothing).
  const listeners = async () =>
    (await dbA.raw<{ rows: unknown[] }>('SELECT pid FROM pg_stat_activity WHERE query = ?', [`LISTEN "${clientChangesChannel(dbA)}"`])).rows.length;
  await until('both instances listen', async () => (await listeners()) === 2);
  await new Promise((r) => setTimeout(r, 200)); // the acknowledgement reaches them
  t.truthy((await authorizeAtB()).transaction?.transactionId, 'B authorizes the ACTIVE client (and caches it)');

  await a.admin.setClientStatus({ clientId: rp.clientId, status: ClientStatus.INACTIVE });
  const started = Date.now();
  // Refused as soon as B has heard: well within the 30 s B's cache would have kept the record
  // (10 s leaves room for a loaded test machine).
  await until(
    'B refuses the client',
    async () => {
      try {
        await authorizeAtB();
        return false;
      } catch {
        return true;
      }
    },
    10_000,
  );
  t.log(`refused ${Date.now() - started} ms after the change`);
  const { err, detail } = await refusal(authorizeAtB());
  t.is(err.code, Code.Unauthenticated);
  t.is(detail?.error, 'invalid_client');
});
