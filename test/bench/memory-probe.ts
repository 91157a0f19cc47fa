/**
 * Memory probe for `npm run bench`: what one pending login transaction (opened by Authorize, not
 * yet finished) costs — bytes of JavaScript heap and bytes of database. Opens a core in process
 * on a fresh database, opens N transactions, and compares heap (after full GCs) and database size
 * (sqlite: pages after a WAL checkpoint; PostgreSQL: pg_total_relation_size of the table) before
 * and after. Pending state lives in the database, so the heap figure should stay near zero.
 *
 * Run with --expose-gc. Sqlite always; PostgreSQL too when DATABASE_URL is set (a throwaway schema).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import knexFactory from "knex";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { exportJWK, generateKeyPair } from "jose";
import { AdminService } from "../../src/gen/signet/v1/admin_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { loadConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { createCoreRuntime } from "../../src/runtime/core-runtime.js";
import { createInProcessTransport } from "../../src/server/dispatch/in-process-transport.js";
import { closeDatabase, isPostgres, openDatabase, type Database } from "../../src/storage/db.js";
import { migrateLatest } from "../../src/storage/migrate.js";
import { pkcePair } from "../helpers/pkce.js";

const N = Number(process.env.BENCH_PROBE_TRANSACTIONS ?? 2000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

function heap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

async function databaseBytes(db: Database): Promise<number> {
  if (isPostgres(db)) {
    const r = await db.raw("select pg_total_relation_size('transactions') as n");
    return Number((r.rows as { n: string }[])[0]!.n);
  }
  await db.raw("PRAGMA wal_checkpoint(TRUNCATE)");
  const [count] = (await db.raw("PRAGMA page_count")) as { page_count: number }[];
  const [size] = (await db.raw("PRAGMA page_size")) as { page_size: number }[];
  return count!.page_count * size!.page_size;
}

async function probe(name: string, db: Database): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-probe-"));
  const adminToken = "probe-admin-token-0123456789abcdef0123456789";
  const config = loadConfig({ env: {}, overrides: { dataDir, adminToken, logLevel: "silent" } });
  const runtime = await createCoreRuntime({ config, logger: silentLogger, db });
  try {
    const transport = createInProcessTransport(runtime.services);
    const admin = createClient(AdminService, transport);
    const identity = createClient(IdentityService, transport);
    const { publicKey } = await generateKeyPair("ES256");
    await admin.createClient(
      { client: { clientId: "probe-rp", name: "Probe RP", redirectUris: ["https://rp.example.org/cb"], publicKey: (await exportJWK(publicKey)) as never, allowedClaims: ["name", "email"], acrValues: ["mosip:idp:acr:generated-code"], idTokenSignedResponseAlg: "ES256" } },
      { headers: { authorization: `Bearer ${adminToken}` } },
    );
    const open = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await identity.authorize({ clientId: "probe-rp", redirectUri: "https://rp.example.org/cb", responseType: "code", scope: "openid profile email", codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256", nonce: `n-${i}-${Math.random()}`, state: `s-${i}` });
      }
    };
    await open(200); // warm: caches, JIT, the first pages of the table
    const [heap0, db0] = [heap(), await databaseBytes(runtime.db)];
    await open(N);
    const [heap1, db1] = [heap(), await databaseBytes(runtime.db)];
    console.log(
      `memory probe ${name}: ${N} pending transactions — heap ${((heap1 - heap0) / N).toFixed(0)} B each, database ${((db1 - db0) / N).toFixed(0)} B each`,
    );
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The stores to probe: a sqlite file, and with DATABASE_URL a throwaway PostgreSQL schema. (Not
 * test/helpers/databases.ts: it registers ava tests, and this script runs outside ava.)
 */
async function probeAll(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "signet-probe-db-"));
  const sqlite = openDatabase({ sqliteFile: join(dir, "probe.db") });
  try {
    await migrateLatest(sqlite);
    await probe("sqlite", sqlite);
  } finally {
    await closeDatabase(sqlite);
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = knexFactory({ client: "pg", connection: url, pool: { min: 0, max: 1 } });
  const schema = `signet_probe_${randomBytes(6).toString("hex")}`;
  await admin.raw("CREATE SCHEMA ??", [schema]);
  const pg = openDatabase({ url, schema, sqliteFile: "" });
  try {
    await migrateLatest(pg);
    await probe("postgres", pg);
  } finally {
    await closeDatabase(pg);
    await admin.raw("DROP SCHEMA IF EXISTS ?? CASCADE", [schema]);
    await admin.destroy();
  }
}

await probeAll();
