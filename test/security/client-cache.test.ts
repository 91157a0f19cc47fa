/**
 * The client cache is keyed by what unauthenticated callers send, so it holds only well-formed ids,
 * is bounded by entries and by bytes, and drops expired entries (on the injected clock).
 */
import test from "ava";
import { createClientCache } from "../../src/core/client-cache.js";
import type { ClientRecord, ClientsRepository } from "../../src/core/ports/storage/index.js";

function fakeRepo(recordBytes = 100) {
  const lookups: string[] = [];
  const repo = {
    async get(clientId: string) {
      lookups.push(clientId);
      return clientId.startsWith("known") ? ({ clientId, name: "n".repeat(recordBytes) } as unknown as ClientRecord) : null;
    },
  } as unknown as ClientsRepository;
  return { repo, lookups };
}

test("malformed ids (over 100 characters, whitespace, empty) are unknown without a lookup and are never cached", async (t) => {
  const { repo, lookups } = fakeRepo();
  const cache = createClientCache(repo, () => 0);
  for (const id of ["c".repeat(3_900_000), "c".repeat(101), "a b", "", "tab\there"]) t.is(await cache.get(id), null);
  t.deepEqual(lookups, []);
  t.deepEqual(cache.stats(), { entries: 0, bytes: 0 });
});

test("at most maxEntries ids are held; the least recently used goes first", async (t) => {
  const { repo, lookups } = fakeRepo();
  const cache = createClientCache(repo, () => 0, { maxEntries: 10 });
  for (let i = 0; i < 1091; i++) await cache.get(`unknown-${i}`);
  t.is(cache.stats().entries, 10);
  await cache.get("unknown-1090");
  t.is(lookups.length, 1091, "a recent id is still cached");
  await cache.get("unknown-0");
  t.is(lookups.length, 1092, "an old id was evicted and is looked up again");
});

test("at most maxBytes of ids and records are held", async (t) => {
  const { repo } = fakeRepo(10_000);
  const cache = createClientCache(repo, () => 0, { maxEntries: 10_000, maxBytes: 100_000 });
  for (let i = 0; i < 50; i++) await cache.get(`known-${i}`);
  await new Promise((resolve) => setImmediate(resolve));
  const { entries, bytes } = cache.stats();
  t.true(bytes <= 100_000, `${bytes} bytes`);
  t.true(entries < 50 && entries >= 3, `${entries} entries`);
});

test("expired entries are dropped and looked up again (injected clock)", async (t) => {
  const { repo, lookups } = fakeRepo();
  let now = 1_700_000_000_000;
  const start = now;
  const cache = createClientCache(repo, () => now, { ttlMs: 30_000 });
  await cache.get("known-a");
  await cache.get("unknown-b");
  now = start + 29_999;
  await cache.get("known-a");
  t.is(lookups.length, 2);
  now = start + 30_001;
  await cache.get("known-a");
  t.is(lookups.length, 3, "expired, so looked up again");
  t.is(cache.stats().entries, 1, "the other expired entry was swept");
});
