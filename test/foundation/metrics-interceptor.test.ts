/**
 * The RPC metrics read each RPC's outcome from its request and answer (or refusal)
 * and counts what operators watch: latency by RPC and gRPC code, logins by factor and
 * outcome, limit refusals, SBI verification failures by check, codes, tokens and credentials
 * issued. Driven here with real messages and real refusals (as the error boundary shapes them).
 */
import test from "ava";
import { create, type DescMessage, type DescMethod } from "@bufbuild/protobuf";
import type { UnaryRequest, UnaryResponse } from "@connectrpc/connect";
import { signetError, toConnectError, type ErrorCode } from "../../src/core/errors/index.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { signetMetrics } from "../../src/observability/metrics.js";
import { silentLogger } from "../../src/core/logger.js";
import { accessLogInterceptor } from "../../src/server/interceptors/access-log.js";
import { rpcMetrics } from "../../src/server/interceptors/metrics.js";

const metrics = signetMetrics();
// As the core's chain runs it: the metrics observe the access log's pass over each call.
const intercept = accessLogInterceptor(silentLogger, rpcMetrics(metrics));

/** Calls `method` through the interceptor; its "handler" answers `output` or throws the error `code`. */
async function call(method: DescMethod, input: object, outcome: { output?: object } | { error: ErrorCode; description?: string }) {
  const req = {
    stream: false,
    service: method.parent,
    method,
    message: create(method.input as DescMessage, input as never),
    header: new Headers(),
    contextValues: undefined,
  } as unknown as UnaryRequest;
  const handler = async (): Promise<UnaryResponse> => {
    if ("error" in outcome) throw toConnectError(signetError(outcome.error, outcome.description ?? "refused"), () => {});
    return { stream: false, message: create(method.output as DescMessage, (outcome.output ?? {}) as never) } as unknown as UnaryResponse;
  };
  await intercept(handler as never)(req).catch(() => undefined);
}

/** The value of `name{labels}` in the exposition, 0 when absent. */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  const values = (await metric!.get()).values;
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return match?.value ?? 0;
}

const m = IdentityService.method;

test.serial("logins are counted by factor and outcome, from the request's challenges and the refusal's error", async (t) => {
  await call(m.authenticate, { challenges: [{ challenge: { case: "otp", value: "111111" } }] }, { output: {} });
  await call(m.authenticate, { challenges: [{ challenge: { case: "pin", value: "000000" } }] }, { error: "auth_failed" });
  await call(m.authenticate, { challenges: [{ challenge: { case: "pin", value: "1" } }, { challenge: { case: "otp", value: "1" } }] }, { output: {} });
  await call(m.authenticate, { challenges: [{ challenge: { case: "encoded", value: {} } }] }, { error: "biometric_verification_failed", description: "the biometric capture was refused (SBI-112): bad signature" });
  t.is(await value("signet_logins_total", { factor: "otp", outcome: "ok" }), 1);
  t.is(await value("signet_logins_total", { factor: "pin", outcome: "auth_failed" }), 1);
  t.is(await value("signet_logins_total", { factor: "otp+pin", outcome: "ok" }), 1);
  t.is(await value("signet_logins_total", { factor: "bio", outcome: "biometric_verification_failed" }), 1);
  t.is(await value("signet_sbi_verification_failures_total", { check: "SBI-112" }), 1, "the SBI check the verifier names");
});

test.serial("limit refusals are counted by RPC and error; other refusals are not", async (t) => {
  const otp = { challenges: [{ challenge: { case: "otp", value: "1" } }] };
  await call(m.authenticate, otp, { error: "too_early_attempt" });
  await call(m.authenticate, otp, { error: "individual_id_blocked" });
  await call(m.authenticate, otp, { error: "no_attempts_left" });
  await call(m.sendOtp, {}, { error: "individual_id_blocked" });
  await call(m.sendOtp, {}, { error: "send_otp_failed" });
  t.is(await value("signet_throttled_total", { rpc: "Authenticate", error: "too_early_attempt" }), 1);
  t.is(await value("signet_throttled_total", { rpc: "Authenticate", error: "individual_id_blocked" }), 1);
  t.is(await value("signet_throttled_total", { rpc: "Authenticate", error: "no_attempts_left" }), 1);
  t.is(await value("signet_throttled_total", { rpc: "SendOtp", error: "individual_id_blocked" }), 1);
  t.is(await value("signet_throttled_total", { rpc: "SendOtp", error: "send_otp_failed" }), 0);
});

test.serial("codes, tokens and credentials are counted only when issued", async (t) => {
  await call(m.issueCode, {}, { output: { code: "c" } });
  await call(m.issueCode, {}, { error: "invalid_transaction" });
  await call(m.exchangeToken, {}, { output: { accessToken: "a", idToken: "i" } });
  await call(m.exchangeToken, {}, { output: { accessToken: "a" } });
  await call(m.exchangeToken, {}, { error: "invalid_grant" });
  await call(m.issueCredential, { credentialConfigurationId: "NationalId" }, { output: { credentials: [{}, {}] } });
  t.is(await value("signet_authorization_codes_issued_total"), 1);
  t.is(await value("signet_tokens_issued_total", { kind: "access" }), 2);
  t.is(await value("signet_tokens_issued_total", { kind: "id" }), 1);
  t.is(await value("signet_credentials_issued_total", { configuration: "NationalId" }), 2, "one per credential in the answer");
});

test.serial("every call's latency is recorded under its RPC and gRPC code", async (t) => {
  const count = async (rpc: string, code: string) => {
    const values = (await metrics.rpcDuration.get()).values;
    return values.find((v) => v.metricName === "signet_rpc_duration_seconds_count" && v.labels.rpc === rpc && v.labels.code === code)?.value ?? 0;
  };
  const before = await count("signet.v1.IdentityService/ExchangeToken", "INVALID_ARGUMENT");
  await call(m.exchangeToken, {}, { error: "invalid_grant" });
  t.is(await count("signet.v1.IdentityService/ExchangeToken", "INVALID_ARGUMENT"), before + 1);
  t.true((await count("signet.v1.IdentityService/IssueCode", "OK")) >= 1);
});
