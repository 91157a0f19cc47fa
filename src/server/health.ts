import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as Status } from "../gen/grpc/health/v1/health_pb.js";

/**
 * grpc.health.v1.Health (gRPC health checking protocol). The empty service name is the
 * whole server; each served service is listed by its full name.
 */
export interface HealthState {
  readonly impl: ServiceImpl<typeof Health>;
  /** Sets the status of every known service (used on start and shutdown). */
  setAll(status: Status): void;
  /** Reports the final statuses to watchers and ends their streams (shutdown). */
  close(): void;
}

export function createHealth(services: readonly string[]): HealthState {
  const statuses = new Map<string, Status>([["", Status.SERVING], ...services.map((s) => [s, Status.SERVING] as const)]);
  const watchers = new Set<() => void>();
  let closed = false;
  const lookup = (service: string) => statuses.get(service);

  const impl: ServiceImpl<typeof Health> = {
    check(req) {
      const status = lookup(req.service);
      if (status === undefined) throw new ConnectError(`unknown service ${req.service}`, Code.NotFound);
      return { status };
    },
    async *watch(req, ctx) {
      let last: Status | undefined;
      while (!ctx.signal.aborted) {
        const current = lookup(req.service) ?? Status.SERVICE_UNKNOWN;
        if (current !== last) {
          last = current;
          yield { status: current };
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
  return {
    impl,
    setAll(status) {
      for (const key of statuses.keys()) statuses.set(key, status);
      for (const wake of [...watchers]) wake();
    },
    close() {
      closed = true;
      for (const wake of [...watchers]) wake();
    },
  };
}
