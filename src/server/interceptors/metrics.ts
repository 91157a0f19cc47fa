import { performance } from "node:perf_hooks";
import { ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import { ErrorDetailSchema } from "../../gen/signet/v1/error_pb.js";
import type { SignetMetrics } from "../../observability/metrics.js";
import { grpcCodeName } from "./access-log.js";

const LIMIT_ERRORS = new Set(["no_attempts_left", "individual_id_blocked"]);
const BIO_FACTORS = new Set(["biometric", "encoded"]);

interface Outcome {
  readonly rpc: string;
  readonly code: string;
  readonly error?: string;
  readonly description?: string;
  readonly request: unknown;
  readonly response?: unknown;
}

/** The factor label of an Authenticate request: otp, pin, bio, or a `+`-joined set. */
function factorOf(request: unknown): string {
  const cases = ((request as { challenges?: { challenge?: { case?: string } }[] }).challenges ?? []).map((c) =>
    BIO_FACTORS.has(c.challenge?.case ?? "") ? "bio" : c.challenge?.case ?? "none",
  );
  return [...new Set(cases)].sort().join("+") || "none";
}

/** Counts what the RPC did from its request, response and outcome (no handler reports anything). */
function countDomain(m: SignetMetrics, o: Outcome): void {
  const method = o.rpc.slice(o.rpc.lastIndexOf("/") + 1);
  if (method === "Authenticate") m.logins.inc({ factor: factorOf(o.request), outcome: o.error ?? (o.code === "OK" ? "ok" : o.code.toLowerCase()) });
  if ((method === "Authenticate" || method === "SendOtp") && o.error && LIMIT_ERRORS.has(o.error)) {
    m.throttled.inc({ rpc: method, error: o.error });
    if (o.error === "no_attempts_left") m.locked.inc({ rpc: method });
  }
  if (o.error === "biometric_verification_failed") {
    // The SBI error code the verifier names, e.g. "(SBI-112)"; bounded to a code-like token.
    m.sbiFailures.inc({ check: /refused \(([A-Za-z0-9_.-]{1,40})\)/.exec(o.description ?? "")?.[1] ?? "unknown" });
  }
  if (o.code !== "OK") return;
  if (method === "IssueCode") m.codesIssued.inc();
  if (method === "ExchangeToken") {
    m.tokensIssued.inc({ kind: "access" });
    if ((o.response as { idToken?: string }).idToken) m.tokensIssued.inc({ kind: "id" });
  }
  if (method === "IssueCredential") {
    const n = (o.response as { credentials?: unknown[] }).credentials?.length ?? 0;
    const configuration = (o.request as { credentialConfigurationId?: string }).credentialConfigurationId || "by_identifier";
    m.credentialsIssued.inc({ configuration }, n);
  }
}

/**
 * Records every RPC's latency by RPC and gRPC code, and the domain counters an operator
 * watches (logins by factor and outcome, throttled and locked individuals, codes, tokens and
 * credentials issued, SBI verification failures), read from the RPC's request and answer.
 */
export function metricsInterceptor(metrics: SignetMetrics): Interceptor {
  return (next) => async (req) => {
    const started = performance.now();
    const rpc = `${req.service.typeName}/${req.method.name}`;
    const done = (response: unknown, err?: unknown) => {
      let code = "OK";
      let error: string | undefined;
      let description: string | undefined;
      if (err !== undefined) {
        const cerr = ConnectError.from(err);
        code = grpcCodeName(cerr.code);
        const detail = cerr.findDetails(ErrorDetailSchema)[0];
        error = detail?.error || undefined;
        description = detail?.errorDescription;
      }
      metrics.rpcDuration.observe({ rpc, code }, (performance.now() - started) / 1000);
      countDomain(metrics, { rpc, code, error, description, request: req.stream ? undefined : req.message, response });
    };
    let res;
    try {
      res = await next(req);
    } catch (err) {
      done(undefined, err);
      throw err;
    }
    if (!res.stream) {
      done(res.message);
      return res;
    }
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        try {
          yield* messages;
        } catch (err) {
          done(undefined, err);
          throw err;
        }
        done(undefined);
      })(),
    } as StreamResponse;
  };
}
