/**
 * The admin credential check, without sockets: `authorization: Bearer <token>`.
 */
import test from "ava";
import { Code, ConnectError, createHandlerContext, type HandlerContext } from "@connectrpc/connect";
import { AdminService } from "../../src/gen/signet/v1/admin_pb.js";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { isAdminRequest, requireAdmin } from "../../src/core/admin/admin-auth.js";

const TOKEN = "admin-token-0123456789abcdef0123456789abcdef";

function ctxWith(authorization?: string) {
  const requestHeader = new Headers();
  if (authorization !== undefined) requestHeader.set("authorization", authorization);
  return createHandlerContext({
    service: AdminService,
    method: AdminService.method.listClients,
    protocolName: "grpc",
    requestMethod: "POST",
    url: "/signet.v1.AdminService/ListClients",
    requestHeader,
  });
}

const table: [name: string, header: string | undefined, admitted: boolean][] = [
  ["the right bearer token", `Bearer ${TOKEN}`, true],
  ["a lower-case scheme", `bearer ${TOKEN}`, true],
  ["no authorization header", undefined, false],
  ["an empty header", "", false],
  ["the token without the Bearer scheme", TOKEN, false],
  ["Basic credentials", `Basic ${Buffer.from(`admin:${TOKEN}`).toString("base64")}`, false],
  ["a token one character short", `Bearer ${TOKEN.slice(0, -1)}`, false],
  ["a token with a character appended", `Bearer ${TOKEN}x`, false],
  ["the token followed by another word", `Bearer ${TOKEN} extra`, false],
  ["Bearer with no token", "Bearer ", false],
];
for (const [name, header, admitted] of table) {
  test(`isAdminRequest ${admitted ? "admits" : "refuses"} ${name}`, (t) => {
    t.is(isAdminRequest(ctxWith(header), TOKEN), admitted);
  });
}

test("requireAdmin runs the method for the admin and returns its result", async (t) => {
  let calls = 0;
  const method = (_req: never, _ctx: HandlerContext) => ++calls;
  const guarded = requireAdmin({ listClients: method }, TOKEN);
  t.is(await guarded.listClients(undefined as never, ctxWith(`Bearer ${TOKEN}`)), 1);
  t.is(calls, 1);
});

test("requireAdmin refuses others with UNAUTHENTICATED before the method runs", (t) => {
  let calls = 0;
  const method = (_req: never, _ctx: HandlerContext) => ++calls;
  const guarded = requireAdmin({ createClient: method, listClients: method }, TOKEN);
  for (const fn of [guarded.createClient, guarded.listClients]) {
    const err = t.throws(() => fn(undefined as never, ctxWith("Bearer nope")), { instanceOf: ConnectError });
    t.is(err?.code, Code.Unauthenticated);
    t.is(err?.findDetails(ErrorDetailSchema)[0]?.error, "unauthenticated");
    t.false((err?.rawMessage ?? "").includes(TOKEN), "the token is never echoed");
  }
  t.is(calls, 0);
});
