import { Code, ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import type { Logger } from "../../core/logger.js";
import { INTERNAL_ERROR_TEXT } from "../dispatch/wire-error.js";

/**
 * The one place where a failure becomes what the caller receives. A ConnectError (the
 * catalogue's errors, with their signet.v1.ErrorDetail) passes through unchanged; anything
 * else is a defect: it is logged once here with its cause and the caller gets INTERNAL with
 * a fixed text, so no stack, SQL or library message ever leaves the core.
 */
export function errorBoundaryInterceptor(logger: Logger): Interceptor {
  const convert = (err: unknown, rpc: string): ConnectError => {
    if (err instanceof ConnectError) return err;
    logger.error("rpc failed unexpectedly", { rpc, cause: err instanceof Error ? err.stack ?? err.message : String(err) });
    return new ConnectError(INTERNAL_ERROR_TEXT, Code.Internal);
  };
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
    return {
      ...res,
      message: (async function* () {
        try {
          yield* messages;
        } catch (err) {
          throw convert(err, rpc);
        }
      })(),
    } as StreamResponse;
  };
}
