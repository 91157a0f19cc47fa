/**
 * The `core` command as an OS process: graceful shutdown on SIGTERM with calls in
 * flight, deadlines honoured by the server, and the message size limit. The shutdown test
 * runs on PostgreSQL, where a table lock the test holds keeps a call in flight for as long
 * as it needs, instead of racing a sleep against the call.
 */
import test from "ava";
import { connect, constants as h2 } from "node:http2";
import { Code } from "@connectrpc/connect";
import { HealthCheckResponse_ServingStatus as Serving } from "../../src/gen/grpc/health/v1/health_pb.js";
import { create, toBinary } from "@bufbuild/protobuf";
import { CreateClientRequestSchema, KeyPurpose } from "../../src/gen/signet/v1/admin_pb.js";
import { ADMIN_TOKEN, CORE_READY, removeDir, signetEnv, spawnCli, type SignetProcess } from "./processes.js";
import { adminClient, healthClient, identityClient, newRp, refusal } from "./rpc.js";
import knexFactory, { type Knex } from "knex";
import { freshDatabase, sharedPostgresUrl } from "../reliability/helpers/postgres.js";
import { postgresTestOrSkip } from "../helpers/skip.js";

const MAX_BYTES = 64 * 1024;
const shared_ = sharedPostgresUrl();
const pgTest = postgresTestOrSkip(test, "skip" in shared_ ? shared_.skip : undefined);
const sharedUrl = "url" in shared_ ? shared_.url : "";

/** Starts a core process on a fresh data dir; killed and cleaned up in teardown. */
async function startCore(t: { teardown: (fn: () => Promise<void>) => void }, extra: Record<string, string> = {}) {
  const e = await signetEnv({ SIGNET_MAX_MESSAGE_BYTES: String(MAX_BYTES), SIGNET_LOG_LEVEL: "info", ...extra });
  const proc = await spawnCli("core", e.env, CORE_READY);
  t.teardown(async () => {
    proc.kill();
    await proc.exited;
    removeDir(e.dataDir);
  });
  return { proc, env: e.env, coreUrl: e.env.SIGNET_CORE_URL! };
}

let shared: { proc: SignetProcess; coreUrl: string };
const sharedTeardowns: (() => Promise<void>)[] = [];
test.before(async () => {
  shared = await startCore({ teardown: (fn) => sharedTeardowns.push(fn) });
});
test.after.always(async () => {
  for (const fn of sharedTeardowns) await fn();
});

/** Holds an ACCESS EXCLUSIVE lock on `table` until `release()`: whatever touches it waits. */
async function lockTable(store: Knex, table: string): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const held = new Promise<void>((resolve) => (locked = resolve));
  const done = store.transaction(async (trx) => {
    await trx.raw("LOCK TABLE ?? IN ACCESS EXCLUSIVE MODE", [table]);
    locked();
    await released;
  });
  await Promise.race([held, done]);
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

pgTest("SIGTERM with a unary call and a health Watch stream in flight: the call finishes and its effect is committed, the stream turns NOT_SERVING and ends, the process exits 0", async (t) => {
  const db = await freshDatabase(sharedUrl);
  t.teardown(() => db.drop());
  const { proc, env, coreUrl } = await startCore(t, { DATABASE_URL: db.url, SIGNET_DB_STATEMENT_TIMEOUT_SECONDS: "120", SIGNET_SHUTDOWN_GRACE_MS: "60000" });
  const admin = adminClient(coreUrl, ADMIN_TOKEN);
  const store = knexFactory({ client: "pg", connection: db.url, pool: { min: 0, max: 2 } });
  t.teardown(() => store.destroy());

  const seen: Serving[] = [];
  const statusWaiters: [Serving, () => void][] = [];
  const reached = (status: Serving) => new Promise<void>((resolve) => statusWaiters.push([status, resolve]));
  const watching = (async () => {
    for await (const res of healthClient(coreUrl).watch({ service: "signet.v1.AdminService" })) {
      seen.push(res.status);
      for (const [status, resolve] of statusWaiters) if (status === res.status) resolve();
    }
  })();
  const serving = reached(Serving.SERVING);
  const notServing = reached(Serving.NOT_SERVING);
  await serving;
  // The rotation is held in flight, deterministically: its write waits for the test's table lock.
  const lock = await lockTable(store, "signing_keys");
  let answered = false;
  const rotation = admin.rotateSigningKey({ purpose: KeyPurpose.TOKEN, publishDelaySeconds: 0n }).finally(() => (answered = true));
  rotation.catch(() => undefined); // awaited below
  const waiting = async () => Number((await store.raw("SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'signing_keys' AND NOT l.granted")).rows[0].n);
  for (let asked = 1; (await waiting()) === 0; asked++) {
    if (asked === 2000) throw new Error("the rotation never reached the database");
  }
  t.deepEqual(seen, [Serving.SERVING]);

  proc.child.kill("SIGTERM");
  await notServing; // the core has begun shutting down, with the rotation still held by the lock
  t.false(answered, "no answer while the write waits");
  await lock.release();
  const r = await rotation;
  t.is(r.keys.length, 3);
  await watching;
  t.deepEqual(seen, [Serving.SERVING, Serving.NOT_SERVING]);
  t.is(await proc.exited, 0);
  t.regex(proc.stderr(), /shutting down/);

  // The rotation was stored before the process went away: a new core on the same database sees it.
  const again = await spawnCli("core", env, CORE_READY);
  t.teardown(async () => {
    again.kill();
    await again.exited;
  });
  const { keys } = await adminClient(coreUrl, ADMIN_TOKEN).listSigningKeys({});
  for (const k of r.keys) t.true(keys.some((s) => s.kid === k.kid), `${k.kid} stored`);
});

/**
 * A unary gRPC call over raw HTTP/2 with a `grpc-timeout` header: no client-side timer
 * exists, so any DEADLINE_EXCEEDED status comes from the server. Returns grpc-status.
 */
async function rawCall(coreUrl: string, path: string, body: Uint8Array, headers: Record<string, string>): Promise<number> {
  const session = connect(coreUrl);
  try {
    const stream = session.request({ [h2.HTTP2_HEADER_METHOD]: "POST", [h2.HTTP2_HEADER_PATH]: path, "content-type": "application/grpc", te: "trailers", ...headers });
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length, 1);
    frame.set(body, 5);
    const status = await new Promise<unknown>((resolve, reject) => {
      let fromHeaders: unknown;
      stream.on("response", (hs) => (fromHeaders = hs["grpc-status"]));
      stream.on("trailers", (tr) => resolve(tr["grpc-status"]));
      stream.on("end", () => resolve(fromHeaders));
      stream.on("error", reject);
      stream.resume();
      stream.end(frame);
    });
    return Number(status);
  } finally {
    session.close();
  }
}

test("the server answers DEADLINE_EXCEEDED itself for a call whose deadline has already passed", async (t) => {
  t.is(await rawCall(shared.coreUrl, "/signet.v1.IdentityService/GetJwks", new Uint8Array(), { "grpc-timeout": "1n" }), Code.DeadlineExceeded);
  t.is(await rawCall(shared.coreUrl, "/signet.v1.IdentityService/GetJwks", new Uint8Array(), { "grpc-timeout": "10S" }), 0, "the same call with time left succeeds");
});

test("a CreateClient whose deadline has already passed is refused with DEADLINE_EXCEEDED and stores nothing", async (t) => {
  const rp = await newRp();
  const body = toBinary(CreateClientRequestSchema, create(CreateClientRequestSchema, { client: rp.client }));
  const status = await rawCall(shared.coreUrl, "/signet.v1.AdminService/CreateClient", body, { "grpc-timeout": "1n", authorization: `Bearer ${ADMIN_TOKEN}` });
  t.is(status, Code.DeadlineExceeded);
  const admin = adminClient(shared.coreUrl, ADMIN_TOKEN);
  t.is((await refusal(admin.getClient({ clientId: rp.clientId }))).err.code, Code.NotFound);
});

test("a Connect client with a very short deadline gets DEADLINE_EXCEEDED", async (t) => {
  const { err } = await refusal(identityClient(shared.coreUrl).getJwks({ purpose: "token" }, { timeoutMs: 1 }));
  t.is(err.code, Code.DeadlineExceeded);
});

test("a request larger than SIGNET_MAX_MESSAGE_BYTES is refused with RESOURCE_EXHAUSTED and stores nothing", async (t) => {
  const admin = adminClient(shared.coreUrl, ADMIN_TOKEN);
  const rp = await newRp({ name: "x".repeat(MAX_BYTES + 1) });
  const { err } = await refusal(admin.createClient({ client: rp.client }));
  t.is(err.code, Code.ResourceExhausted);
  t.is((await refusal(admin.getClient({ clientId: rp.clientId }))).err.code, Code.NotFound);
});

test("a request just under SIGNET_MAX_MESSAGE_BYTES reaches the handler (refused for its content, not its size)", async (t) => {
  const admin = adminClient(shared.coreUrl, ADMIN_TOKEN);
  const rp = await newRp({ name: "x".repeat(MAX_BYTES - 2048) });
  const { err, detail } = await refusal(admin.createClient({ client: rp.client }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "client.name", "the contract's length limit names the proto field path");
});
