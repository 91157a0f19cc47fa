import { performance } from "node:perf_hooks";
import { Code, ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import { ErrorDetailSchema } from "../../gen/signet/v1/error_pb.js";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import type { Logger } from "../../core/logger.js";

/** The canonical gRPC name of a status code (`INVALID_ARGUMENT`), as grpcurl prints it. */
export function grpcCodeName(code: Code | 0): string {
  if (code === 0) return "OK";
  return Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * One line per RPC once it ends: `rpc` (service/method), the gRPC `code`, the protocol
 * `error` of a refusal (e.g. `invalid_grant`), `ms`, and — from the request-id interceptor
 * around it — `request_id` and `trace_id`. Health checks log at debug (probes are frequent).
 */
export function accessLogInterceptor(logger: Logger): Interceptor {
  return (next) => async (req) => {
    const started = performance.now();
    const rpc = `${req.service.typeName}/${req.method.name}`;
    const quiet = req.service.typeName === Health.typeName;
    const write = (msg: string, fields: Record<string, unknown>) => (quiet ? logger.debug(msg, fields) : logger.info(msg, fields));
    const done = (err?: unknown) => {
      const fields: Record<string, unknown> = { rpc, code: "OK", ms: Math.round((performance.now() - started) * 10) / 10 };
      if (err !== undefined) {
        const cerr = ConnectError.from(err);
        fields.code = grpcCodeName(cerr.code);
        const error = cerr.findDetails(ErrorDetailSchema)[0]?.error;
        if (error) fields.error = error;
      }
      write("rpc", fields);
    };
    let res;
    try {
      res = await next(req);
    } catch (err) {
      done(err);
      throw err;
    }
    if (!res.stream) {
      done();
      return res;
    }
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        try {
          yield* messages;
        } catch (err) {
          done(err);
          throw err;
        }
        done();
      })(),
    } as StreamResponse;
  };
}
