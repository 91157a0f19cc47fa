import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "../gen/signet/v1/error_pb.js";
import type { CoreConnection } from "./connection.js";

/**
 * One readable line for a failed call to the core: the gRPC code, Signet's `ErrorDetail`
 * (`error`, the field it names, the description), and what to do for the usual causes.
 */
export function describeRpcError(err: unknown, rpc: string, conn: CoreConnection): string {
  const e = ConnectError.from(err);
  const detail = e.findDetails(ErrorDetailSchema)[0];
  // gRPC's canonical spelling (INVALID_ARGUMENT), as grpcurl and buf curl print it.
  const code = (Code[e.code] ?? String(e.code)).replace(/(?<=[a-z])(?=[A-Z])/g, "_").toUpperCase();
  if (e.code === Code.Unavailable) {
    return `${rpc}: cannot reach the core at ${conn.baseUrl} (${e.rawMessage}); is \`signet start\` or \`signet core\` running? Set --core-url or SIGNET_CORE_URL`;
  }
  if (e.code === Code.DeadlineExceeded) return `${rpc}: no answer from ${conn.baseUrl} within ${conn.timeoutMs} ms (--timeout-ms)`;
  if (e.code === Code.Unauthenticated) {
    return `${rpc}: the core refused the admin token (${detail?.errorDescription || e.rawMessage}); check --admin-token-file or SIGNET_ADMIN_TOKEN`;
  }
  if (!detail) return `${rpc}: ${code}: ${e.rawMessage}`;
  const description = detail.errorDescription || e.rawMessage;
  const field = detail.field && !description.startsWith(`${detail.field}:`) ? ` (${detail.field})` : "";
  return `${rpc}: ${code} ${detail.error}${field}: ${description}`;
}
