import type { ConnectError, Interceptor, StreamResponse } from "@connectrpc/connect";
import { toConnectError } from "../../core/errors/index.js";
import type { Logger } from "../../core/logger.js";

/**
 * The one place where a failure becomes what the caller receives, on every transport: the
 * core's domain error (SignetError) becomes its catalogue gRPC status with a
 * signet.v1.ErrorDetail (`toConnectError`); anything else is a defect: it is logged once here
 * with its cause and the caller gets INTERNAL `server_error` with a fixed text, so no stack,
 * SQL or library message ever leaves the core.
 */
export function errorBoundaryInterceptor(logger: Logger): Interceptor {
  const convert = (err: unknown, rpc: string): ConnectError =>
    toConnectError(err, (cause) =>
      logger.error("rpc failed unexpectedly", { rpc, cause: cause instanceof Error ? cause.stack ?? cause.message : String(cause) }),
    );
  return (next) => async (req) => {
    const rpc = `${req.service.typeName}/${req.method.name}`;
    let res;
    try {
      res = await next(req);
    } catch (err) {
      throw convert(err, rpc);
    }
    if (!res.stream) return res;
    const messages = res.message;
    return Object.assign({}, res, {
      message: (async function* () {
        try {
          yield* messages;
        } catch (err) {
          throw convert(err, rpc);
        }
      })(),
    }) as StreamResponse;
  };
}
