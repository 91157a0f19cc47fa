import * as grpc from "@grpc/grpc-js";
import { Health, HealthCheckResponse_ServingStatus } from "../gen/grpc/health/v1/health_pb.js";
import type { Logger } from "../core/logger.js";
import type { ServiceRegistry } from "./dispatch/registry.js";
import { grpcHandlers, grpcServiceDefinition } from "./grpc-adapter.js";
import { createHealth, healthStateOf, type HealthState } from "./health.js";
import { addReflection } from "./reflection.js";
import type { ServerTls } from "../tls/server-tls.js";
import { bindAddress } from "../tls/listen-policy.js";

export type { ServedService } from "./dispatch/registry.js";

export interface CoreServerOptions {
  readonly host: string;
  readonly port: number;
  /** The services and their interceptor chain (the same registry the embedded gateway calls). */
  readonly registry: ServiceRegistry;
  readonly logger: Logger;
  /** Largest request and response message, in bytes. */
  readonly maxMessageBytes: number;
  /** TLS (mutual when it has a client CA); plaintext without. See `coreListenSecurity`. */
  readonly tls?: ServerTls;
  /** Serve gRPC server reflection (default true; off in production by default). */
  readonly reflection?: boolean;
  /**
   * The health service to turn NOT_SERVING on shutdown. Default: the one the registry
   * already serves (the runtime's, following readiness), else one the server adds, SERVING
   * until shutdown.
   */
  readonly health?: HealthState;
}

export interface CoreServer {
  /** The bound port (useful when 0 was asked). */
  readonly port: number;
  /**
   * Stops accepting calls, lets in-flight calls finish (up to `graceMs`), then closes.
   * Health turns NOT_SERVING first so load balancers drain the instance.
   */
  shutdown(graceMs?: number): Promise<void>;
}

/**
 * Starts the gRPC core: the registry's services plus grpc.health.v1.Health (dispatched
 * through the same interceptor chain) and, when enabled, reflection. `host` may be
 * `unix:/path` for a Unix socket.
 */
export async function startCoreServer(opts: CoreServerOptions): Promise<CoreServer> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": opts.maxMessageBytes,
    "grpc.max_send_message_length": opts.maxMessageBytes,
  });
  // Aborted when the shutdown grace is over: each service's handlers abort the calls still running (grpc-adapter.ts).
  const shutdownController = new AbortController();
  const served = opts.registry.services.find((s) => s.desc.typeName === Health.typeName);
  const health = opts.health ?? (served && healthStateOf(served.impl)) ?? createHealth(opts.registry.services.map((s) => s.desc.typeName));
  if (served && healthStateOf(served.impl) !== health) throw new Error("the registry serves a grpc.health.v1.Health other than `health`");
  const registry = served ? opts.registry : opts.registry.with({ desc: Health, impl: health.impl });
  for (const s of registry.services) {
    server.addService(grpcServiceDefinition(s.desc), grpcHandlers(s.desc, registry, shutdownController.signal));
  }
  if (opts.reflection !== false) addReflection(server, registry.services.map((s) => s.desc));

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(bindAddress(opts.host, opts.port), opts.tls?.credentials ?? grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  let stopping: Promise<void> | undefined;
  return {
    port,
    shutdown(graceMs = 10_000) {
      opts.tls?.close();
      stopping ??= new Promise<void>((resolve) => {
        health.setAll(HealthCheckResponse_ServingStatus.NOT_SERVING);
        health.close();
        const timer = setTimeout(() => {
          opts.logger.warn("grace period over; cancelling remaining calls", { graceMs });
          shutdownController.abort();
          server.forceShutdown();
          resolve();
        }, graceMs);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return stopping;
    },
  };
}
