import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary, type DescMethod, type DescService } from "@bufbuild/protobuf";
import { anyPack, AnySchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createContextValues, type HandlerContext } from "@connectrpc/connect";
import { peerCertificateKey } from "./auth/authenticate.js";
import { StatusSchema } from "../gen/google/rpc/status_pb.js";
import { invokeServerStream, invokeUnary } from "./dispatch/invoke.js";
import type { ServiceRegistry } from "./dispatch/registry.js";
import { wireError } from "./dispatch/wire-error.js";
import { CallSignal } from "./dispatch/call-signal.js";
import { CALL_FINISHED } from "./dispatch/in-process-transport.js";

/**
 * Serves the registry's services on @grpc/grpc-js: each call becomes a Connect handler
 * context and runs through the registry's interceptor chain to the same handler the
 * in-process transport calls. Messages are (de)serialised with the protobuf-es
 * descriptors — one codegen, no second proto loader.
 */

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

/** Connect headers (binary values base64, as on the wire) as grpc-js metadata. */
function toMetadata(headers: Headers): grpc.Metadata {
  const md = new grpc.Metadata();
  headers.forEach((value, key) => {
    if (key.endsWith("-bin")) for (const v of value.split(/,\s*/)) md.add(key, Buffer.from(v, "base64"));
    else md.add(key, value);
  });
  return md;
}

/** grpc-js request metadata as Connect headers (binary values base64, as Connect servers see them). */
function fromMetadata(md: grpc.Metadata): Headers {
  const headers = new Headers();
  for (const key of Object.keys(md.getMap())) {
    for (const v of md.get(key)) headers.append(key, typeof v === "string" ? v : Buffer.from(v).toString("base64"));
  }
  return headers;
}

/** The status a failed call ends with: code, message, google.rpc.Status details and metadata. */
export function toGrpcStatus(err: unknown, ...metadata: Headers[]): Partial<grpc.StatusObject> {
  const cerr = wireError(err, ...metadata);
  const md = toMetadata(cerr.metadata);
  const details = cerr.details.map((d) =>
    "desc" in d ? anyPack(d.desc, create(d.desc, d.value)) : create(AnySchema, { typeUrl: `type.googleapis.com/${d.type}`, value: d.value }),
  );
  if (details.length > 0) {
    const status = create(StatusSchema, { code: cerr.code, message: cerr.rawMessage, details });
    md.set("grpc-status-details-bin", Buffer.from(toBinary(StatusSchema, status)));
  }
  return { code: cerr.code as number, details: cerr.rawMessage, metadata: md };
}

/**
 * The handler context of one network call, with one {@link CallSignal}: aborted when the
 * caller's deadline passes (one timer), the caller cancels, the server gives up at the end of its
 * shutdown grace, or the call is over (`abort`). Connect's `createHandlerContext` would build three
 * AbortControllers for it (the deadline's, a linked one, and the cancellation's), listen on the
 * shutdown signal once per call and copy the request metadata twice.
 */
function contextFor(
  method: DescMethod,
  call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>,
  live: LiveCalls,
): HandlerContext & { abort(reason?: unknown): void } {
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  const end = Number.isFinite(deadlineMs) ? deadlineMs : undefined;
  const signal = new CallSignal();
  const timer = end === undefined ? undefined : setTimeout(() => signal.abort(new ConnectError("the operation timed out", Code.DeadlineExceeded)), Math.max(0, end - Date.now()));
  live.add(signal);
  // grpc-js emits "cancelled" when the stream closes, also after a call that was answered (whose
  // signal is aborted by then): the error, and its stack, only for a call still running.
  call.on("cancelled", () => {
    if (!signal.aborted) signal.abort(new ConnectError("call cancelled", Code.Canceled));
  });
  // Under mutual TLS grpc-js has verified the certificate against the client CA before the call.
  const values = createContextValues();
  const peer = call.getAuthContext().sslPeerCertificate;
  if (peer && Object.keys(peer).length > 0) values.set(peerCertificateKey, peer);
  return {
    service: method.parent,
    method,
    protocolName: "grpc",
    requestMethod: "POST",
    url: `/${method.parent.typeName}/${method.name}`,
    timeoutMs: end === undefined ? () => undefined : () => Math.max(0, end - Date.now()),
    signal,
    requestHeader: fromMetadata(call.metadata),
    responseHeader: new Headers(),
    responseTrailer: new Headers(),
    values,
    abort(reason) {
      clearTimeout(timer);
      live.delete(signal);
      signal.abort(reason);
    },
  };
}

/** The signals of the calls being served, aborted together when the server gives up (its shutdown grace is over). */
interface LiveCalls {
  add(signal: CallSignal): void;
  delete(signal: CallSignal): void;
}

function liveCalls(shutdownSignal: AbortSignal): LiveCalls {
  const live = new Set<CallSignal>();
  const stop = () => {
    for (const signal of live) signal.abort(shutdownSignal.reason);
    live.clear();
  };
  shutdownSignal.addEventListener("abort", stop, { once: true });
  return {
    add: (signal) => {
      if (shutdownSignal.aborted) signal.abort(shutdownSignal.reason);
      else live.add(signal);
    },
    delete: (signal) => live.delete(signal),
  };
}

/**
 * Refuses a call whose deadline has already passed when it is dispatched: the caller has
 * given up, so doing the work (possibly a write the caller will retry) helps nobody.
 * grpc-js's own deadline timer only fires on a later tick, after a fast handler has run.
 */
function assertDeadlineNotPassed(ctx: HandlerContext): void {
  const left = ctx.timeoutMs();
  if (left !== undefined && left <= 0) throw new ConnectError("deadline exceeded before the call started", Code.DeadlineExceeded);
}

function hasAny(headers: Headers): boolean {
  let any = false;
  headers.forEach(() => (any = true));
  return any;
}

/** Builds grpc-js handlers that dispatch each method of `service` through `registry`. */
export function grpcHandlers(service: DescService, registry: ServiceRegistry, shutdownSignal: AbortSignal): grpc.UntypedServiceImplementation {
  const handlers: grpc.UntypedServiceImplementation = {};
  const live = liveCalls(shutdownSignal);
  for (const method of service.methods) {
    const spec = registry.lookup(method);
    if (!spec) throw new Error(`${service.typeName}.${method.name} has no implementation`);
    if (spec.kind === "unary") {
      handlers[method.name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const ctx = contextFor(method, call, live);
        Promise.resolve()
          .then(() => {
            assertDeadlineNotPassed(ctx);
            return invokeUnary(spec, ctx, call.request, registry.interceptors);
          })
          .then(
            (res) => {
              if (hasAny(ctx.responseHeader)) call.sendMetadata(toMetadata(ctx.responseHeader));
              callback(null, res.message, toMetadata(ctx.responseTrailer));
            },
            (err: unknown) => callback(toGrpcStatus(err, ctx.responseHeader, ctx.responseTrailer)),
          )
          .finally(() => ctx.abort(CALL_FINISHED));
      };
    } else if (spec.kind === "server_streaming") {
      handlers[method.name] = (call: grpc.ServerWritableStream<unknown, unknown>) => {
        const ctx = contextFor(method, call, live);
        let sentHeader = false;
        (async () => {
          assertDeadlineNotPassed(ctx);
          const res = await invokeServerStream(spec, ctx, call.request, registry.interceptors);
          call.sendMetadata(toMetadata(res.header));
          sentHeader = true;
          for await (const msg of res.message) {
            if (ctx.signal.aborted) break;
            call.write(msg);
          }
          return res.trailer;
        })().then(
          (trailer) => call.end(toMetadata(trailer)),
          (err: unknown) =>
            call.destroy(Object.assign(new Error("rpc failed"), toGrpcStatus(err, ...(sentHeader ? [] : [ctx.responseHeader]), ctx.responseTrailer))),
        ).finally(() => ctx.abort(CALL_FINISHED));
      };
    } else {
      throw new Error(`${method.methodKind} methods are not served (${service.typeName}.${method.name})`);
    }
  }
  return handlers;
}
