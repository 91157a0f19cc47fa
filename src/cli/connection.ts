import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { ParseArgsConfig } from "node:util";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { AdminService } from "../gen/signet/v1/admin_pb.js";
import type { SecureClientSessionOptions } from "node:http2";
import type { SignetConfig } from "../config/config.js";
import { createLogger } from "../core/logger.js";
import { gatewayCoreTls } from "../runtime/gateway-core-tls.js";
import { UsageError } from "./io.js";

/**
 * How the operator commands reach the core over gRPC — the one place that turns options into a
 * transport, so transport security (server CA, client certificate) is added here and nowhere else.
 */
export const CONNECTION_OPTIONS = {
  "core-url": { type: "string" },
  "admin-token-file": { type: "string" },
  "timeout-ms": { type: "string" },
} as const satisfies ParseArgsConfig["options"];

export const CONNECTION_HELP = `Connection:
  --core-url <url>            the core's gRPC address (default: SIGNET_CORE_URL, else http://127.0.0.1:50051);
                              https://… uses TLS with SIGNET_CORE_CA and, for mutual TLS, SIGNET_CORE_CLIENT_CERT
                              and SIGNET_CORE_CLIENT_KEY (development: the certificates in <dataDir>/tls)
  --admin-token-file <file>   file holding the AdminService token (default: SIGNET_ADMIN_TOKEN, else
                              <dataDir>/admin-token, which \`signet start\` generates in development)
  --timeout-ms <n>            deadline of each call (default 30000)`;

/** Where and how to reach the core. */
export interface CoreConnection {
  /** `http://host:port` (plaintext HTTP/2) or `https://host:port` (TLS). */
  readonly baseUrl: string;
  /** Deadline of every call, in milliseconds. */
  readonly timeoutMs: number;
  /** The admin token, read when an AdminService call needs it. */
  adminToken(): string;
  /** For https://: the server CA and client certificate, as for a split gateway (SIGNET_CORE_CA, …). */
  readonly tls?: SecureClientSessionOptions;
}

type ConnectionValues = { readonly [K in keyof typeof CONNECTION_OPTIONS]?: string | boolean | undefined };

/** Resolves the connection from the command's options, then the configuration (env and file). */
export function coreConnection(values: ConnectionValues, config: SignetConfig): CoreConnection {
  const baseUrl = typeof values["core-url"] === "string" ? values["core-url"] : config.gateway.coreUrl;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`--core-url: ${JSON.stringify(baseUrl)} is not a URL (e.g. http://127.0.0.1:50051)`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || (url.pathname !== "/" && url.pathname !== "")) {
    throw new UsageError(`--core-url: ${JSON.stringify(baseUrl)} must be http://host:port or https://host:port`);
  }
  const rawTimeout = typeof values["timeout-ms"] === "string" ? values["timeout-ms"] : "30000";
  const timeoutMs = /^\d+$/.test(rawTimeout) ? Number(rawTimeout) : NaN;
  if (!(timeoutMs >= 1 && timeoutMs <= 600_000)) throw new UsageError("--timeout-ms: must be an integer from 1 to 600000");
  const tokenFile = typeof values["admin-token-file"] === "string" ? values["admin-token-file"] : undefined;
  // The same trust and client certificate as a split gateway (SIGNET_CORE_CA, SIGNET_CORE_CLIENT_CERT,
  // SIGNET_CORE_CLIENT_KEY, or the development ones in <dataDir>/tls outside production).
  const tls = url.protocol === "https:" ? gatewayCoreTls({ ...config, gateway: { ...config.gateway, coreUrl: url.origin } }, createLogger("error")) : undefined;
  return {
    baseUrl: url.origin,
    ...(tls ? { tls } : {}),
    timeoutMs,
    adminToken() {
      if (tokenFile === undefined && config.adminToken) return config.adminToken;
      const file = tokenFile ?? path.join(config.dataDir, "admin-token");
      try {
        return readFileSync(file, "utf8").trim();
      } catch (err) {
        throw new UsageError(
          `cannot read the admin token from ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}); ` +
            "pass --admin-token-file or set SIGNET_ADMIN_TOKEN",
        );
      }
    },
  };
}

function transport(conn: CoreConnection, interceptors: Interceptor[] = []): Transport {
  return createGrpcTransport({ baseUrl: conn.baseUrl, defaultTimeoutMs: conn.timeoutMs, interceptors, ...(conn.tls ? { nodeOptions: conn.tls } : {}) });
}

/** AdminService over gRPC; every call carries `authorization: Bearer <admin token>`. */
export function adminClient(conn: CoreConnection): Client<typeof AdminService> {
  const token = conn.adminToken();
  const bearer: Interceptor = (next) => (req) => {
    req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
  return createClient(AdminService, transport(conn, [bearer]));
}

/** The standard gRPC health service (`grpc.health.v1.Health`); needs no credential. */
export function healthClient(conn: CoreConnection): Client<typeof Health> {
  return createClient(Health, transport(conn));
}
