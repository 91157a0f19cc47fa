import { Code, ConnectError, createRouterTransport, type ConnectRouter, type Interceptor, type Transport } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager, type GrpcTransportOptions } from '@connectrpc/connect-node';
import { createGrpcUnaryTransport } from './grpc-unary.js';
import { propagateRequestId } from './http/request-id.js';

/** How the gateway reaches the core. */
export type CoreTransportOptions = (
  | {
      /**
       * In process, with no serialisation: the runtime supplies a transport that calls the
       * core's handlers through the core's interceptor chain, given the gateway's own
       * client interceptors.
       */
      mode: 'in-process';
      transport: (interceptors: Interceptor[]) => Transport;
    }
  | {
      /** In process through Connect's router transport (serialised as on the wire; tests, fakes). */
      mode: 'embedded';
      routes: (router: ConnectRouter) => void;
      interceptors?: Interceptor[];
    }
  | ({
      /** Split deployment: gRPC over HTTP/2 to a remote core (e.g. `http://core:50051`). */
      mode: 'grpc';
      baseUrl: string;
    } & Omit<GrpcTransportOptions, 'baseUrl' | 'defaultTimeoutMs'>)
) & {
  /**
   * Deadline of every call, in milliseconds, unless the call sets its own. Default 10 000: a
   * core that hangs costs a request this long and a 503, never an open-ended wait; the core
   * applies the same deadline to the storage calls it makes for the call.
   */
  timeoutMs?: number;
};

/**
 * Whether the core refused the call's HTTP/2 stream (REFUSED_STREAM, RFC 9113 §8.7): the server
 * guarantees it did no work for it. A core shutting down gracefully does this to a stream that
 * crossed its GOAWAY, so the call is safe to send again — unlike any other failure, where the
 * core may have acted (consumed a code) before the connection broke.
 */
export function isRefusedStream(err: unknown): boolean {
  // connect-node reports it as UNAVAILABLE "…REFUSED_STREAM (0x7)" or, from Node's stream
  // error, INTERNAL "Stream closed with error code NGHTTP2_REFUSED_STREAM".
  if (!(err instanceof ConnectError)) return false;
  return [err.rawMessage, err.cause instanceof Error ? err.cause.message : ''].some((m) => /\bREFUSED_STREAM\b|NGHTTP2_REFUSED_STREAM/.test(m));
}

/** Retries a unary call once when its stream was refused (see {@link isRefusedStream}). */
export const retryRefusedStream: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (err) {
    if (req.stream || !isRefusedStream(err) || req.signal.aborted) throw err;
    return next(req);
  }
};

/**
 * Whether a failed call carries a status the core sent (`grpc-status`, in the trailers or a
 * trailers-only response). Without one, no answer arrived: the connection or the stream broke
 * first, or the call never left the gateway.
 */
function coreAnswered(err: ConnectError): boolean {
  return err.metadata.has('grpc-status');
}

/**
 * Reports a call that ended without any status from the core as UNAVAILABLE. connect-node
 * reports several such breaks as INTERNAL — a stream that ends without trailers ("protocol error:
 * missing status"), a session that closed between being chosen and being used ("expected open
 * session, but it is closed"), a stream reset with INTERNAL_ERROR — which the gateway would answer
 * 500 as if the core had a defect. They happen when a core stops or restarts (a race with its
 * graceful shutdown): the core is unavailable, and the caller gets 503 with `Retry-After`. A status
 * the core did send (INTERNAL `server_error` included) passes through unchanged, as do the
 * caller's own cancellation and deadline.
 */
export const unansweredIsUnavailable: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (err) {
    const cerr = ConnectError.from(err);
    if (coreAnswered(cerr) || req.signal.aborted || [Code.Unavailable, Code.DeadlineExceeded, Code.Canceled].includes(cerr.code)) throw err;
    throw new ConnectError(`the core did not answer: ${cerr.rawMessage}`, Code.Unavailable, undefined, undefined, err);
  }
};

/** `transport` with `timeoutMs` as the deadline of every call that sets none. */
function withDefaultTimeout(transport: Transport, timeoutMs: number): Transport {
  return {
    unary: (method, signal, callTimeout, ...rest) => transport.unary(method, signal, callTimeout ?? timeoutMs, ...rest),
    stream: (method, signal, callTimeout, ...rest) => transport.stream(method, signal, callTimeout ?? timeoutMs, ...rest),
  };
}

/**
 * Creates the transport for `createClient(IdentityService, transport)`. Every mode sends
 * the HTTP request's id to the core (`x-request-id`), so one id names the request in the
 * gateway's and the core's log lines, and gives every call a deadline.
 *
 * @example
 * const client = createClient(IdentityService, createCoreTransport({
 *   mode: 'embedded',
 *   routes: (router) => router.service(IdentityService, coreImpl),
 * }));
 */
export function createCoreTransport(options: CoreTransportOptions): Transport {
  const own: Interceptor[] = [propagateRequestId];
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (options.mode === 'in-process') return withDefaultTimeout(options.transport(own), timeoutMs);
  if (options.mode === 'embedded') {
    const transport = createRouterTransport(options.routes, { transport: { interceptors: [...own, ...(options.interceptors ?? [])] } });
    return withDefaultTimeout(transport, timeoutMs);
  }
  const { mode: _mode, timeoutMs: _timeout, interceptors, ...grpc } = options;
  const all = [...own, unansweredIsUnavailable, retryRefusedStream, ...(interceptors ?? [])];
  // One HTTP/2 connection for both: unary calls on the lean path (grpc-unary.ts), streams through connect-node.
  const sessions =
    grpc.sessionManager ??
    new Http2SessionManager(
      grpc.baseUrl,
      { pingIntervalMs: grpc.pingIntervalMs, pingIdleConnection: grpc.pingIdleConnection, pingTimeoutMs: grpc.pingTimeoutMs, idleConnectionTimeoutMs: grpc.idleConnectionTimeoutMs },
      grpc.nodeOptions,
    );
  const streams = createGrpcTransport(Object.assign({}, grpc, { sessionManager: sessions, interceptors: all }));
  const transport = createGrpcUnaryTransport({ baseUrl: grpc.baseUrl, sessions, interceptors: all, streams, readMaxBytes: grpc.readMaxBytes });
  return withDefaultTimeout(transport, timeoutMs);
}
