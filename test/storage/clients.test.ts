import { calculateJwkThumbprint } from 'jose';
import { DuplicateError } from '../../src/core/ports/storage/index.js';
import { createStorage } from '../../src/storage/index.js';
import type { Storage } from '../../src/storage/index.js';
import { databaseTargets } from '../helpers/databases.js';
import { newClient, publicJwk, uid } from './fixtures.js';

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  let storage: Storage;
  test.before(async () => {
    storage = createStorage(await target.migrated());
  });
  test.after.always(() => target.dispose());
  const name = (s: string) => `${target.name}: ${s}`;

  test(name('creates and reads back a client with its JSON fields and key thumbprint'), async (t) => {
    const input = newClient({ consentExpireMinutes: 60, encryptionPublicKey: publicJwk() });
    const created = await storage.clients.create(input, 1_700_000_000_000);
    const read = await storage.clients.get(input.clientId);
    t.deepEqual(read, created);
    t.deepEqual(read?.nameLangmap, input.nameLangmap);
    t.deepEqual(read?.redirectUris, input.redirectUris);
    t.deepEqual(read?.encryptionPublicKey, input.encryptionPublicKey);
    t.is(read?.consentExpireMinutes, 60);
    t.is(read?.createdAt, 1_700_000_000_000);
    t.is(read?.publicKeyThumbprint, await calculateJwkThumbprint(input.publicKey, 'sha256'));
    t.is(await storage.clients.get('nobody'), null);
  });

  test(name('refuses a duplicate client_id and a duplicate public key'), async (t) => {
    const first = await storage.clients.create(newClient(), 1);
    const sameId = await t.throwsAsync(storage.clients.create(newClient({ clientId: first.clientId }), 2), { instanceOf: DuplicateError });
    t.is(sameId?.field, 'client_id');
    const sameKey = await t.throwsAsync(storage.clients.create(newClient({ publicKey: first.publicKey }), 3), { instanceOf: DuplicateError });
    t.is(sameKey?.field, 'public_key');
  });

  test(name('updates fields, refuses taking another client\'s key, and sets status'), async (t) => {
    const a = await storage.clients.create(newClient(), 1);
    const b = await storage.clients.create(newClient(), 1);
    const key = publicJwk();
    const updated = await storage.clients.update(a.clientId, { name: 'Renamed', publicKey: key, encryptionPublicKey: null }, 5);
    t.is(updated?.name, 'Renamed');
    t.is(updated?.updatedAt, 5);
    t.is(updated?.publicKeyThumbprint, await calculateJwkThumbprint(key, 'sha256'));
    t.deepEqual(updated?.redirectUris, a.redirectUris, 'untouched fields stay');
    const dup = await t.throwsAsync(storage.clients.update(b.clientId, { publicKey: key }, 6), { instanceOf: DuplicateError });
    t.is(dup?.field, 'public_key');
    t.is(await storage.clients.update('nobody', { name: 'x' }, 7), null);
    t.true(await storage.clients.setStatus(a.clientId, 'INACTIVE', 8));
    t.is((await storage.clients.get(a.clientId))?.status, 'INACTIVE');
    t.false(await storage.clients.setStatus('nobody', 'INACTIVE', 8));
  });

  test(name('lists clients in client_id order, page by page'), async (t) => {
    const db = await target.migrated();
    const own = createStorage(db);
    const prefix = uid('p');
    const ids = ['c', 'a', 'e', 'b', 'd'].map((s) => `${prefix}-${s}`);
    for (const clientId of ids) await own.clients.create(newClient({ clientId }), 1);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await own.clients.list(2, cursor);
      seen.push(...page.items.map((c) => c.clientId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    t.deepEqual(seen, [...ids].sort());
    t.is(pages, 3);
  });
}
