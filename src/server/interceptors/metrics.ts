import type { SignetMetrics } from "../../observability/metrics.js";
import type { RpcObserver } from "./access-log.js";

/** Refusals by a guessing or sending limit (src/core/limits, src/core/flow/attempts.ts). */
const LIMIT_ERRORS = new Set(["too_early_attempt", "individual_id_blocked", "no_attempts_left"]);
const BIO_FACTORS = new Set(["biometric", "encoded"]);

/** The factor label of an Authenticate request: otp, pin, bio, or a `+`-joined set. */
function factorOf(request: unknown): string {
  const cases = ((request as { challenges?: { challenge?: { case?: string } }[] } | undefined)?.challenges ?? []).map((c) =>
    BIO_FACTORS.has(c.challenge?.case ?? "") ? "bio" : c.challenge?.case ?? "none",
  );
  return [...new Set(cases)].sort().join("+") || "none";
}

/**
 * Records every RPC's latency by RPC and gRPC code, and the domain counters an operator
 * watches (logins by factor and outcome, limit refusals, codes, tokens and credentials issued,
 * SBI verification failures by check), read from the RPC's request and answer, so no handler
 * reports anything and every transport counts alike. Runs in the access log's pass over each
 * finished call (see `accessLogInterceptor`). Labels come from the contract and the error
 * catalogue only, never from caller input, so their number stays bounded.
 */
export function rpcMetrics(m: SignetMetrics): RpcObserver {
  return (o) => {
    m.rpcDuration.observe({ rpc: o.rpc, code: o.code }, o.seconds);
    const method = o.method;
    if (method === "Authenticate") m.logins.inc({ factor: factorOf(o.request), outcome: o.error ?? (o.code === "OK" ? "ok" : o.code.toLowerCase()) });
    if ((method === "Authenticate" || method === "SendOtp") && o.error && LIMIT_ERRORS.has(o.error)) m.throttled.inc({ rpc: method, error: o.error });
    if (o.error === "biometric_verification_failed") {
      // The SBI error code the verifier names, e.g. "(SBI-112)"; bounded to a code-like token.
      m.sbiFailures.inc({ check: /refused \(([A-Za-z0-9_.-]{1,40})\)/.exec(o.description ?? "")?.[1] ?? "unknown" });
    }
    if (o.code !== "OK") return;
    if (method === "IssueCode") m.codesIssued.inc();
    else if (method === "ExchangeToken") {
      m.tokensIssued.inc({ kind: "access" });
      if ((o.response as { idToken?: string } | undefined)?.idToken) m.tokensIssued.inc({ kind: "id" });
    } else if (method === "IssueCredential") {
      const n = (o.response as { credentials?: unknown[] } | undefined)?.credentials?.length ?? 0;
      const configuration = (o.request as { credentialConfigurationId?: string } | undefined)?.credentialConfigurationId || "by_identifier";
      m.credentialsIssued.inc({ configuration }, n);
    }
  };
}
