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

/** How an RPC ended, as the access log sees it (what {@link RpcObserver}s are given). */
export interface RpcOutcome {
  /** `service/method`. */
  readonly rpc: string;
  /** The method name alone (`Authenticate`). */
  readonly method: string;
  /** The canonical gRPC code name (`OK`, `INVALID_ARGUMENT`). */
  readonly code: string;
  /** Signet's protocol error (`auth_failed`), when the call was refused with one. */
  readonly error?: string;
  readonly description?: string;
  /** Seconds from the call's start to its end. */
  readonly seconds: number;
  /** The request message (undefined for a client stream). */
  readonly request: unknown;
  /** The response message of a successful unary call. */
  readonly response?: unknown;
}

/** Something told of every finished RPC (the metrics), in the access log's single pass. */
export type RpcObserver = (outcome: RpcOutcome) => void;

/**
 * One line per RPC once it ends: `rpc` (service/method), the gRPC `code`, the protocol
 * `error` of a refusal (e.g. `invalid_grant`), `ms`, and — from the request-id interceptor
 * around it — `request_id` and `trace_id`. Health checks log at debug (probes are frequent).
 * `observe` (the metrics) gets the same outcome: one timer, one wrapper and one decoding of
 * the error per call for both, instead of a second interceptor layer.
 */
export function accessLogInterceptor(logger: Logger, observe?: RpcObserver): Interceptor {
  return (next) => async (req) => {
    const started = performance.now();
    const rpc = `${req.service.typeName}/${req.method.name}`;
    const quiet = req.service.typeName === Health.typeName;
    const write = (msg: string, fields: Record<string, unknown>) => (quiet ? logger.debug(msg, fields) : logger.info(msg, fields));
    const done = (err?: unknown, response?: unknown) => {
      const ms = performance.now() - started;
      const fields: Record<string, unknown> = { rpc, code: "OK", ms: Math.round(ms * 10) / 10 };
      let description: string | undefined;
      if (err !== undefined) {
        const cerr = ConnectError.from(err);
        fields.code = grpcCodeName(cerr.code);
        const detail = cerr.findDetails(ErrorDetailSchema)[0];
        if (detail?.error) fields.error = detail.error;
        description = detail?.errorDescription;
      }
      write("rpc", fields);
      observe?.({
        rpc,
        method: req.method.name,
        code: fields.code as string,
        error: fields.error as string | undefined,
        description,
        seconds: ms / 1000,
        request: req.stream ? undefined : req.message,
        response,
      });
    };
    let res;
    try {
      res = await next(req);
    } catch (err) {
      done(err);
      throw err;
    }
    if (!res.stream) {
      done(undefined, res.message);
      return res;
    }
    const messages = res.message;
    return Object.assign({}, res, {
      message: (async function* () {
        try {
          yield* messages;
        } catch (err) {
          done(err);
          throw err;
        }
        done();
      })(),
    }) as StreamResponse;
  };
}
