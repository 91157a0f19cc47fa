/**
 * Over gRPC, each call's handler signal is live while the call runs and aborted when it is over,
 * when the caller's deadline passes or the caller cancels (the reason says which), and when the
 * server gives up on a call at the end of its shutdown grace.
 */
import test from "ava";
import { Code, ConnectError, createClient, type HandlerContext } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { silentLogger } from "../../src/core/logger.js";
import { startCoreServer } from "../../src/server/core-server.js";
import { CALL_FINISHED } from "../../src/server/dispatch/in-process-transport.js";
import { createServiceRegistry } from "../../src/server/dispatch/registry.js";
import { freePort } from "../helpers/ports.js";

interface Seen {
  readonly id: string;
  readonly liveDuringCall: boolean;
  readonly signal: AbortSignal;
  /** The reason the signal aborted with while the handler waited on it (hanging calls). */
  reasonWhileWaiting?: unknown;
}
const seen: Seen[] = [];

const impl = Object.fromEntries(IdentityService.methods.map((m) => [m.localName, async () => ({})])) as Record<string, unknown>;
impl.getTransaction = async (req: { transactionId: string }, ctx: HandlerContext) => {
  const s: Seen = { id: req.transactionId, liveDuringCall: !ctx.signal.aborted, signal: ctx.signal };
  seen.push(s);
  if (req.transactionId.startsWith("hang")) {
    await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
    s.reasonWhileWaiting = ctx.signal.reason;
    throw ctx.signal.reason;
  }
  return { transaction: { transactionId: req.transactionId } };
};

async function serve() {
  const registry = createServiceRegistry([{ desc: IdentityService, impl }], []);
  const server = await startCoreServer({ host: "127.0.0.1", port: await freePort(), maxMessageBytes: 1 << 20, logger: silentLogger, registry, reflection: false });
  const client = createClient(IdentityService, createGrpcTransport({ baseUrl: `http://127.0.0.1:${server.port}` }));
  return { server, client };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

test.serial("a finished call's signal was live during the call and is aborted after it", async (t) => {
  const { server, client } = await serve();
  t.teardown(() => server.shutdown(0));
  const res = await client.getTransaction({ transactionId: "quick", csrfToken: "c" }, { timeoutMs: 5000 });
  t.is(res.transaction?.transactionId, "quick");
  const s = seen.find((x) => x.id === "quick")!;
  t.true(s.liveDuringCall);
  await until(() => s.signal.aborted);
  t.true(s.signal.aborted, "aborted once the call is over");
  t.is(ConnectError.from(s.signal.reason).code, Code.Canceled);
  // grpc-js reports every call's stream closing as "cancelled", answered ones too: that must not
  // turn an answered call into a cancelled one.
  await new Promise((r) => setTimeout(r, 50));
  t.is(s.signal.reason, CALL_FINISHED);
});

test.serial("the caller's deadline and the caller's cancellation abort the handler's signal, with their reason", async (t) => {
  const { server, client } = await serve();
  t.teardown(() => server.shutdown(0));
  const late = ConnectError.from(await t.throwsAsync(client.getTransaction({ transactionId: "hang-deadline", csrfToken: "c" }, { timeoutMs: 150 })));
  t.is(late.code, Code.DeadlineExceeded);
  const cancel = new AbortController();
  const pending = client.getTransaction({ transactionId: "hang-cancel", csrfToken: "c" }, { signal: cancel.signal, timeoutMs: 5000 });
  await until(() => seen.some((x) => x.id === "hang-cancel"));
  cancel.abort();
  await t.throwsAsync(pending);
  for (const [id, codes] of [["hang-deadline", [Code.DeadlineExceeded, Code.Canceled]], ["hang-cancel", [Code.Canceled]]] as const) {
    const s = seen.find((x) => x.id === id)!;
    await until(() => s.reasonWhileWaiting !== undefined);
    t.true(s.liveDuringCall, `${id}: live when it started`);
    t.true((codes as readonly Code[]).includes(ConnectError.from(s.reasonWhileWaiting).code), `${id}: ${String(s.reasonWhileWaiting)}`);
  }
});

test.serial("at the end of the shutdown grace every call still running is aborted and its caller gets an error", async (t) => {
  const { server, client } = await serve();
  const calls = [1, 2, 3].map((i) => client.getTransaction({ transactionId: `hang-shutdown-${i}`, csrfToken: "c" }, { timeoutMs: 10_000 }).catch((e: unknown) => e));
  await until(() => seen.filter((x) => x.id.startsWith("hang-shutdown-")).length === 3);
  const started = Date.now();
  await server.shutdown(200);
  t.true(Date.now() - started < 5000, "shutdown ended with its grace");
  const hung = seen.filter((x) => x.id.startsWith("hang-shutdown-"));
  await until(() => hung.every((s) => s.reasonWhileWaiting !== undefined));
  t.is(hung.length, 3);
  for (const s of hung) t.true(s.signal.aborted && s.reasonWhileWaiting !== undefined, `${s.id} was told`);
  for (const outcome of await Promise.all(calls)) t.true(outcome instanceof ConnectError, "the caller got an error, not an answer");
});
