/**
 * Every RPC of the contract against every role, over grpc-js: the table is generated from
 * the service descriptors, so an RPC added to the contract without a policy fails here.
 */
import test from "ava";
import type { DescMethod } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import { AdminService } from "../../src/gen/signet/v1/admin_pb.js";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { Health } from "../../src/gen/grpc/health/v1/health_pb.js";
import { rpcPolicy } from "../../src/server/auth/policy.js";
import type { Role } from "../../src/core/principal.js";
import type { SignetUnderTest } from "../helpers/signet.js";
import { clientAs, startWithCallers, type Who } from "./callers.js";

const services = [IdentityService, AdminService, Health];
const methods: DescMethod[] = services.flatMap((s) => s.methods);
const key = (m: DescMethod) => `${m.parent.typeName}/${m.name}`;

/** The role each test caller holds (anonymous holds none: production refuses it everything but health). */
const roleOf: Record<Who, Role | undefined> = { gateway: "gateway", kiosk: "caller", otherKiosk: "caller", stranger: "caller", ops: "admin", adminToken: "admin", anonymous: undefined };
const callers: Who[] = ["gateway", "kiosk", "ops", "adminToken", "anonymous"];

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startWithCallers("bound-rp");
});
test.after.always(async () => {
  await signet?.stop();
});

test("every RPC of the contract has a policy, and the policy names no RPC the contract lacks", (t) => {
  t.deepEqual(methods.filter((m) => !rpcPolicy[key(m)]).map(key), []);
  t.deepEqual(Object.keys(rpcPolicy).filter((k) => !methods.some((m) => key(m) === k)), []);
});

/** Calls `method` with an empty request as `who`; returns the refusal if the policy refused it. */
async function policyRefusal(method: DescMethod, who: Who): Promise<ConnectError | undefined> {
  const client = clientAs(signet, method.parent, who) as unknown as Record<string, (req: object, opts: object) => unknown>;
  const stop = new AbortController();
  try {
    const res = client[method.localName]!({}, { signal: stop.signal });
    if (method.methodKind === "server_streaming") {
      for await (const _ of res as AsyncIterable<unknown>) break;
    } else {
      await res;
    }
    return undefined;
  } catch (e) {
    const err = ConnectError.from(e);
    const error = err.findDetails(ErrorDetailSchema)[0]?.error;
    // A policy refusal names the RPC; a handler refusing the empty request is past the policy.
    const byPolicy = (error === "unauthenticated" || error === "permission_denied") && err.rawMessage.startsWith(`${method.name}: `);
    return byPolicy ? err : undefined;
  } finally {
    stop.abort(); // ends a Watch stream the loop above left open
  }
}

for (const method of methods) {
  test(`${key(method)}: allowed and refused roles`, async (t) => {
    const rule = rpcPolicy[key(method)];
    if (!rule) return t.fail(`no policy for ${key(method)}`);
    for (const who of callers) {
      const role = roleOf[who];
      const allowed = "open" in rule || (role !== undefined && rule.roles.includes(role));
      const refusal = await policyRefusal(method, who);
      if (allowed) {
        t.is(refusal, undefined, `${who} may call ${method.name}: ${refusal?.rawMessage}`);
      } else {
        t.truthy(refusal, `${who} must be refused ${method.name}`);
        t.is(refusal?.code, role === undefined ? 16 : 7, `${who}: UNAUTHENTICATED without an identity, else PERMISSION_DENIED`);
      }
    }
  });
}

test("an unknown bearer credential is UNAUTHENTICATED on every RPC but health", async (t) => {
  const err = ConnectError.from(await t.throwsAsync(clientAs(signet, IdentityService, "anonymous").getJwks({ purpose: "token" }, { headers: { authorization: "Bearer not-a-known-token-0123456789abcdef" } })));
  t.is(err.code, 16);
  t.regex(err.rawMessage, /^GetJwks: the bearer credential/);
  const health = await clientAs(signet, Health, "anonymous").check({ service: "" }, { headers: { authorization: "Bearer nope" } });
  t.truthy(health);
});

test("a direct caller may open a transaction only for a client it is bound to", async (t) => {
  const kiosk = clientAs(signet, IdentityService, "kiosk");
  const err = ConnectError.from(await t.throwsAsync(kiosk.authorize({ clientId: "someone-elses-rp", redirectUri: "https://x.example/cb", responseType: "code", scope: "openid" })));
  t.is(err.code, 7);
  t.is(err.rawMessage, "Authorize: caller kiosk-1 is not bound to client someone-elses-rp");
});
