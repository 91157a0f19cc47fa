import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Signet's Prometheus metrics, one set per process (the core and an embedded gateway share
 * it). Names follow the Prometheus conventions: `_seconds` histograms, `_total` counters.
 */
export interface SignetMetrics {
  readonly registry: Registry;
  /** Per RPC: `rpc` (service/method) and the gRPC `code`. Counts are its `_count`. */
  readonly rpcDuration: Histogram<"rpc" | "code">;
  /** Per gateway route: `route`, `method`, `status`. */
  readonly httpDuration: Histogram<"route" | "method" | "status">;
  /** Authenticate outcomes: `factor` (otp, pin, bio, or a `+` set) and `outcome` (ok or the protocol error). */
  readonly logins: Counter<"factor" | "outcome">;
  /**
   * Login and OTP calls refused by a guessing or sending limit: `rpc`, `error`
   * (too_early_attempt: throttled; individual_id_blocked: the individual is locked;
   * no_attempts_left: the transaction's attempts are spent).
   */
  readonly throttled: Counter<"rpc" | "error">;
  /**
   * Where `signet_individuals_locked` is read from at scrape time (the core runtime's store);
   * returns a function that stops it. Nothing is counted on the request path.
   */
  lockedIndividuals(count: () => Promise<number>): () => void;
  readonly codesIssued: Counter<string>;
  /** `kind`: access or id. */
  readonly tokensIssued: Counter<"kind">;
  /** `configuration`: the credential configuration id. */
  readonly credentialsIssued: Counter<"configuration">;
  /** `check`: the SBI check that failed (the error's field, or `unknown`). */
  readonly sbiFailures: Counter<"check">;
  /** `operation`: select, insert, update, delete, other; `outcome`: ok or error. */
  readonly storageDuration: Histogram<"operation" | "outcome">;
  /** `operation`: the identity-system port method; `outcome`: ok or error. */
  readonly identityDuration: Histogram<"operation" | "outcome">;
}

const fast = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let shared: SignetMetrics | undefined;
/** The latest registered source of the locked-individuals gauge. */
let lockedSource: (() => Promise<number>) | undefined;

/** The process's metrics (created on first use, with Node's default process metrics). */
export function signetMetrics(): SignetMetrics {
  if (shared) return shared;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const r = { registers: [registry] };
  shared = {
    registry,
    rpcDuration: new Histogram({ name: "signet_rpc_duration_seconds", help: "Core RPC latency by RPC and gRPC status code", labelNames: ["rpc", "code"], buckets: fast, ...r }),
    httpDuration: new Histogram({ name: "signet_http_request_duration_seconds", help: "Gateway HTTP request latency by route, method and status", labelNames: ["route", "method", "status"], buckets: fast, ...r }),
    logins: new Counter({ name: "signet_logins_total", help: "Authenticate calls by factor and outcome", labelNames: ["factor", "outcome"], ...r }),
    throttled: new Counter({ name: "signet_throttled_total", help: "Login and OTP calls refused by a limit", labelNames: ["rpc", "error"], ...r }),
    lockedIndividuals: (count) => {
      if (!lockedSource && !registry.getSingleMetric("signet_individuals_locked")) lockedGauge(registry);
      lockedSource = count;
      return () => {
        if (lockedSource === count) lockedSource = undefined;
      };
    },
    codesIssued: new Counter({ name: "signet_authorization_codes_issued_total", help: "Authorization codes issued", ...r }),
    tokensIssued: new Counter({ name: "signet_tokens_issued_total", help: "Tokens issued by kind", labelNames: ["kind"], ...r }),
    credentialsIssued: new Counter({ name: "signet_credentials_issued_total", help: "Verifiable credentials issued by configuration", labelNames: ["configuration"], ...r }),
    sbiFailures: new Counter({ name: "signet_sbi_verification_failures_total", help: "Biometric captures refused by the SBI verifier, by check", labelNames: ["check"], ...r }),
    storageDuration: new Histogram({ name: "signet_storage_query_duration_seconds", help: "Database statement latency by operation and outcome", labelNames: ["operation", "outcome"], buckets: fast, ...r }),
    identityDuration: new Histogram({ name: "signet_identity_system_duration_seconds", help: "Identity-system call latency by operation and outcome", labelNames: ["operation", "outcome"], buckets: fast, ...r }),
  };
  return shared;
}

/**
 * `signet_individuals_locked`, registered by the first core runtime (a gateway-only process
 * has none). Read from storage when scraped; NaN when the store cannot answer, never a false 0.
 */
function lockedGauge(registry: Registry): void {
  new Gauge({
    name: "signet_individuals_locked",
    help: "Individuals locked now by too many failed login attempts (read from storage at scrape time)",
    registers: [registry],
    async collect() {
      const value = await lockedSource?.().catch(() => undefined);
      this.set(value ?? Number.NaN);
    },
  });
}

/** Every Signet metric name (the README's list is checked against it). */
export const metricNames = [
  "signet_rpc_duration_seconds",
  "signet_http_request_duration_seconds",
  "signet_logins_total",
  "signet_throttled_total",
  "signet_individuals_locked",
  "signet_authorization_codes_issued_total",
  "signet_tokens_issued_total",
  "signet_credentials_issued_total",
  "signet_sbi_verification_failures_total",
  "signet_storage_query_duration_seconds",
  "signet_identity_system_duration_seconds",
] as const;
