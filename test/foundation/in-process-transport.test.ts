/**
 * The in-process transport's unary calls, with and without a deadline: both chains run, the
 * handler's signal is live during the call and aborted after it, failures are shaped as a network
 * client would see them, and a deadline that passes ends the call.
 */
import test from "ava";
import { Code, ConnectError, createClient, type HandlerContext, type Interceptor } from "@connectrpc/connect";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { createInProcessTransport } from "../../src/server/dispatch/in-process-transport.js";
import { createServiceRegistry } from "../../src/server/dispatch/registry.js";
import { signetError, toConnectError } from "../../src/core/errors/index.js";

const signals: { duringCall: boolean; signal: AbortSignal }[] = [];
/** Transaction "hold": the handler waits until this is called. */
let releaseHeld: () => void = () => undefined;
const held = new Promise<void>((resolve) => (releaseHeld = resolve));
const order: string[] = [];

const impl = Object.fromEntries(IdentityService.methods.map((m) => [m.localName, async () => ({})])) as Record<string, unknown>;
impl.getTransaction = async (req: { transactionId: string }, ctx: HandlerContext) => {
  signals.push({ duringCall: ctx.signal.aborted, signal: ctx.signal });
  order.push(`handler ${ctx.requestHeader.get("x-client") ?? "-"}`);
  ctx.responseHeader.set("x-served", "yes");
  if (req.transactionId === "refuse") throw toConnectError(signetError("invalid_request", "the transaction_id is refused", { field: "transaction_id" }), () => undefined);
  if (req.transactionId === "slow") await new Promise((resolve) => setTimeout(resolve, 200));
  if (req.transactionId === "hold") await held;
  return { transaction: { transactionId: req.transactionId } };
};
const serverSide: Interceptor = (next) => async (req) => {
  order.push("server interceptor");
  return next(req);
};
const clientSide: Interceptor = (next) => async (req) => {
  order.push("client interceptor");
  req.header.set("x-client", "set");
  return next(req);
};
const registry = createServiceRegistry([{ desc: IdentityService, impl }], [serverSide]);
const client = createClient(IdentityService, createInProcessTransport(registry, { interceptors: [clientSide] }));

for (const [name, options] of [["without a deadline", {}], ["with a deadline", { timeoutMs: 5000 }]] as const) {
  test.serial(`${name}: both chains run, headers cross, the handler's signal ends with the call`, async (t) => {
    order.length = 0;
    signals.length = 0;
    let header: Headers | undefined;
    const res = await client.getTransaction({ transactionId: "t1", csrfToken: "c" }, { ...options, onHeader: (h) => (header = h) });
    t.is(res.transaction?.transactionId, "t1");
    t.deepEqual(order, ["client interceptor", "server interceptor", "handler set"]);
    t.is(header?.get("x-served"), "yes");
    t.false(signals[0]!.duringCall, "live while the handler runs");
    t.true(signals[0]!.signal.aborted, "aborted once the call is over");
    t.is(ConnectError.from(signals[0]!.signal.reason).code, Code.Canceled);
  });

  test.serial(`${name}: a refusal reaches the caller with its code, message and ErrorDetail`, async (t) => {
    const err = await client.getTransaction({ transactionId: "refuse", csrfToken: "c" }, options).then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    t.is(err?.code, Code.InvalidArgument);
    t.regex(err!.rawMessage, /transaction_id is refused/);
    t.is(err!.findDetails(ErrorDetailSchema)[0]?.field, "transaction_id");
  });
}

test.serial("a deadline shorter than the handler ends the call with DEADLINE_EXCEEDED", async (t) => {
  const err = await client.getTransaction({ transactionId: "slow", csrfToken: "c" }, { timeoutMs: 20 }).then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
  t.is(err?.code, Code.DeadlineExceeded);
});

test.serial("a caller that cancels stops waiting at once with CANCELED, and the handler's signal says so", async (t) => {
  signals.length = 0;
  const caller = new AbortController();
  const started = Date.now();
  const pending = client.getTransaction({ transactionId: "slow", csrfToken: "c" }, { signal: caller.signal, timeoutMs: 5000 });
  setTimeout(() => caller.abort(new Error("resident left")), 20);
  const err = await pending.then(() => undefined, (e: unknown) => ConnectError.from(e));
  t.is(err?.code, Code.Canceled);
  t.true(Date.now() - started < 150, "did not wait for the handler's 200 ms");
  t.true(signals[0]!.signal.aborted, "the handler's signal aborted with the caller's");
  t.is(ConnectError.from(signals[0]!.signal.reason).code, Code.Canceled);
});

test("a deadline that passes while the caller's own interceptors still run ends the call at the deadline, not when the handler finishes", async (t) => {
  const lingering: Interceptor = (next) => async (req) => {
    await new Promise((resolve) => setTimeout(resolve, 60)); // past the deadline below
    return next(req);
  };
  const slowClient = createClient(IdentityService, createInProcessTransport(registry, { interceptors: [lingering] }));
  const call = slowClient.getTransaction({ transactionId: "hold", csrfToken: "c" }, { timeoutMs: 20 }).then(
    () => "answered",
    (e: unknown) => ConnectError.from(e),
  );
  // The handler is still held: only the deadline can settle the call.
  const settled = await Promise.race([call, new Promise((resolve) => setTimeout(() => resolve("still waiting"), 5000))]);
  releaseHeld();
  t.is((settled as ConnectError).code, Code.DeadlineExceeded, `settled: ${String(settled)}`);
});
