/**
 * Readiness: whether this instance can serve requests now, checked against what it depends
 * on — storage (a trivial query) and the identity system — each bounded by a short timeout.
 * Results are reused for `maxAgeMs`, so a load balancer polling often costs one probe per
 * interval, and concurrent checks share one run.
 */
export interface Probe {
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or is abandoned at the timeout) otherwise. */
  check(): Promise<unknown>;
}

/** The outcome of one readiness check. */
export interface ReadinessReport {
  readonly ready: boolean;
  /** The probes that failed, with a log-safe reason. */
  readonly failing: readonly { readonly name: string; readonly reason: string }[];
  /** When it was checked (ms since the epoch). */
  readonly checkedAt: number;
}

export interface Readiness {
  /** A report no older than `maxAgeMs`, probing when the last one is older. */
  check(): Promise<ReadinessReport>;
}

export interface ReadinessOptions {
  /** How long each probe may take before it counts as failed. */
  readonly timeoutMs: number;
  /** How long a report is reused. */
  readonly maxAgeMs: number;
  readonly now?: () => number;
}

function withTimeout(probe: Probe, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    probe.check().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

export function createReadiness(probes: readonly Probe[], opts: ReadinessOptions): Readiness {
  const now = opts.now ?? Date.now;
  let last: ReadinessReport | undefined;
  let running: Promise<ReadinessReport> | undefined;
  const run = async (): Promise<ReadinessReport> => {
    const results = await Promise.allSettled(probes.map((p) => withTimeout(p, opts.timeoutMs)));
    const failing = results.flatMap((r, i) =>
      r.status === "rejected" ? [{ name: probes[i]!.name, reason: r.reason instanceof Error ? r.reason.message : String(r.reason) }] : [],
    );
    last = { ready: failing.length === 0, failing, checkedAt: now() };
    return last;
  };
  return {
    check() {
      if (last && now() - last.checkedAt < opts.maxAgeMs) return Promise.resolve(last);
      running ??= run().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
