import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as Status } from "../gen/grpc/health/v1/health_pb.js";
import type { Logger } from "../core/logger.js";
import type { Readiness } from "./readiness.js";

/**
 * grpc.health.v1.Health (gRPC health checking protocol). The empty service name is the
 * whole server; each served service is listed by its full name.
 */
export interface HealthState {
  readonly impl: ServiceImpl<typeof Health>;
  /** Sets the status of every known service (used on start and shutdown). */
  setAll(status: Status): void;
  /** Reports NOT_SERVING for good, ends watch streams and stops probing (shutdown). */
  close(): void;
}

/** The state behind each health implementation, so a server given only the impl can drive it. */
const stateOfImpl = new WeakMap<object, HealthState>();

/** The HealthState whose `impl` this is, if it came from {@link createHealth}. */
export function healthStateOf(impl: object): HealthState | undefined {
  return stateOfImpl.get(impl);
}

/** How health follows readiness (see {@link createHealth}). */
export interface HealthMonitoring {
  readonly readiness: Readiness;
  /** How often readiness is re-checked for Watch streams. */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/**
 * The health service. With `monitoring`, every service reports SERVING only while the
 * instance is ready (storage and the identity system answer): Check probes when the last
 * result is older than the readiness cache, and a background timer re-checks every
 * `intervalMs` so Watch streams see NOT_SERVING while storage is down and SERVING once it is
 * back. After {@link HealthState.close} (shutdown) it stays NOT_SERVING.
 */
export function createHealth(services: readonly string[], monitoring?: HealthMonitoring): HealthState {
  const statuses = new Map<string, Status>([["", Status.SERVING], ...services.map((s) => [s, Status.SERVING] as const)]);
  const watchers = new Set<() => void>();
  let closed = false;
  const lookup = (service: string) => statuses.get(service);
  const setAll = (status: Status) => {
    for (const key of statuses.keys()) statuses.set(key, status);
    for (const wake of [...watchers]) wake();
  };

  let readyNow = true;
  const follow = async () => {
    if (!monitoring || closed) return;
    const report = await monitoring.readiness.check();
    if (closed || report.ready === readyNow) return;
    readyNow = report.ready;
    if (report.ready) monitoring.logger.info("ready: every dependency answers");
    else monitoring.logger.error("not ready", { failing: report.failing });
    setAll(report.ready ? Status.SERVING : Status.NOT_SERVING);
  };
  const timer = monitoring ? setInterval(() => void follow(), monitoring.intervalMs) : undefined;
  timer?.unref();

  const impl: ServiceImpl<typeof Health> = {
    async check(req) {
      if (lookup(req.service) === undefined) throw new ConnectError(`unknown service ${req.service}`, Code.NotFound);
      await follow();
      return { status: lookup(req.service)! };
    },
    async *watch(req, ctx) {
      let last: Status | undefined;
      while (!ctx.signal.aborted) {
        const current = lookup(req.service) ?? Status.SERVICE_UNKNOWN;
        if (current !== last) {
          last = current;
          yield { status: current };
          // Look again before waiting: the status may have changed while the reader was away.
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          const wake = () => {
            watchers.delete(wake);
            ctx.signal.removeEventListener("abort", wake);
            resolve();
          };
          watchers.add(wake);
          ctx.signal.addEventListener("abort", wake);
        });
      }
    },
  };
  const state: HealthState = {
    impl,
    setAll,
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      setAll(Status.NOT_SERVING);
    },
  };
  stateOfImpl.set(impl, state);
  return state;
}
