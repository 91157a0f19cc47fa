import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary, type DescMethod, type DescService } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { ConnectError, createHandlerContext, type HandlerContext } from "@connectrpc/connect";
import { StatusSchema } from "../gen/google/rpc/status_pb.js";
import type { Logger } from "../core/logger.js";

/**
 * Serves a Connect-style service implementation (the same object the in-process router
 * transport serves) on @grpc/grpc-js, using the protobuf-es descriptors for
 * (de)serialisation — one codegen, no second proto loader.
 */
type AnyImpl = Record<string, (req: unknown, ctx: HandlerContext) => unknown>;

/** Builds the grpc-js service definition for a protobuf-es service descriptor. */
export function grpcServiceDefinition(service: DescService): grpc.ServiceDefinition {
  const def: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) {
    def[method.name] = {
      path: `/${service.typeName}/${method.name}`,
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: (msg: unknown) => Buffer.from(toBinary(method.input, create(method.input, msg as never))),
      requestDeserialize: (buf: Buffer) => fromBinary(method.input, buf),
      responseSerialize: (msg: unknown) => Buffer.from(toBinary(method.output, create(method.output, msg as never))),
      responseDeserialize: (buf: Buffer) => fromBinary(method.output, buf),
      originalName: method.localName,
    };
  }
  return def;
}

/** Converts any thrown value into a grpc-js status object with the google.rpc.Status trailer. */
export function toGrpcStatus(err: unknown, logger: Logger, method: DescMethod): Partial<grpc.StatusObject> {
  const cerr =
    err instanceof ConnectError ? err : new ConnectError("internal error", grpc.status.INTERNAL as number);
  if (!(err instanceof ConnectError)) {
    logger.error("rpc failed unexpectedly", { rpc: method.name, cause: err instanceof Error ? err.stack : String(err) });
  }
  const metadata = new grpc.Metadata();
  const details = cerr.details.flatMap((d) => ("desc" in d ? [anyPack(d.desc, create(d.desc, d.value))] : []));
  if (details.length > 0) {
    const status = create(StatusSchema, { code: cerr.code, message: cerr.rawMessage, details });
    metadata.set("grpc-status-details-bin", Buffer.from(toBinary(StatusSchema, status)));
  }
  return { code: cerr.code as number, details: cerr.rawMessage, metadata };
}

function contextFor(
  service: DescService,
  method: DescMethod,
  call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>,
  shutdownSignal: AbortSignal,
) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(call.metadata.getMap())) {
    if (typeof v === "string") headers.set(k, v);
  }
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  const timeoutMs = Number.isFinite(deadlineMs) ? Math.max(0, deadlineMs - Date.now()) : undefined;
  const requestAbort = new AbortController();
  call.on("cancelled", () => requestAbort.abort(new ConnectError("call cancelled", grpc.status.CANCELLED as number)));
  return createHandlerContext({
    service,
    method,
    protocolName: "grpc",
    requestMethod: "POST",
    url: `/${service.typeName}/${method.name}`,
    timeoutMs,
    shutdownSignal,
    requestSignal: requestAbort.signal,
    requestHeader: headers,
  });
}

/**
 * Refuses a call whose deadline has already passed when it is dispatched: the caller has
 * given up, so doing the work (possibly a write the caller will retry) helps nobody.
 * grpc-js's own deadline timer only fires on a later tick, after a fast handler has run.
 */
function assertDeadlineNotPassed(ctx: HandlerContext): void {
  const left = ctx.timeoutMs();
  if (left !== undefined && left <= 0) throw new ConnectError("deadline exceeded before the call started", grpc.status.DEADLINE_EXCEEDED as number);
}

/** Builds grpc-js handlers that call `impl` for each method of `service`. */
export function grpcHandlers(
  service: DescService,
  impl: object,
  logger: Logger,
  shutdownSignal: AbortSignal,
): grpc.UntypedServiceImplementation {
  const handlers: grpc.UntypedServiceImplementation = {};
  const methods = impl as AnyImpl;
  for (const method of service.methods) {
    const fn = methods[method.localName];
    if (typeof fn !== "function") throw new Error(`${service.typeName}.${method.name} has no implementation`);
    if (method.methodKind === "unary") {
      handlers[method.name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const ctx = contextFor(service, method, call, shutdownSignal);
        Promise.resolve()
          .then(() => {
            assertDeadlineNotPassed(ctx);
            return fn.call(impl, call.request, ctx);
          })
          .then(
            (res) => callback(null, res),
            (err: unknown) => callback(toGrpcStatus(err, logger, method)),
          )
          .finally(() => ctx.abort());
      };
    } else if (method.methodKind === "server_streaming") {
      handlers[method.name] = (call: grpc.ServerWritableStream<unknown, unknown>) => {
        const ctx = contextFor(service, method, call, shutdownSignal);
        (async () => {
          assertDeadlineNotPassed(ctx);
          for await (const msg of fn.call(impl, call.request, ctx) as AsyncIterable<unknown>) {
            if (ctx.signal.aborted) break;
            call.write(msg);
          }
        })().then(
          () => call.end(),
          (err: unknown) => call.destroy(Object.assign(new Error("rpc failed"), toGrpcStatus(err, logger, method))),
        ).finally(() => ctx.abort());
      };
    } else {
      throw new Error(`${method.methodKind} methods are not served (${service.typeName}.${method.name})`);
    }
  }
  return handlers;
}
