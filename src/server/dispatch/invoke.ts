import { create, type DescMessage, type DescMethod } from "@bufbuild/protobuf";
import type { HandlerContext, Interceptor, MethodImplSpec, StreamRequest, StreamResponse, UnaryRequest, UnaryResponse } from "@connectrpc/connect";

type AnyFn = (req: UnaryRequest | StreamRequest) => Promise<UnaryResponse | StreamResponse>;

/** A handler's output as a message: `create()` returns a message as is and builds one from an init shape. */
function normalize(desc: DescMessage, value: unknown) {
  return create(desc, value as never);
}

async function* normalizeIterable(desc: DescMessage, values: AsyncIterable<unknown>) {
  for await (const value of values) yield normalize(desc, value);
}

/** Wraps `fn` in `interceptors`, the first one outermost (Connect's order). */
export function chain(fn: AnyFn, interceptors: readonly Interceptor[]): AnyFn {
  return interceptors.reduceRight<AnyFn>((next, interceptor) => interceptor(next), fn);
}

/** The request an interceptor sees, built from the handler context of the call. */
function requestOf(ctx: HandlerContext, method: DescMethod, message: unknown, stream: boolean): UnaryRequest | StreamRequest {
  return {
    stream,
    message,
    method,
    service: method.parent,
    requestMethod: ctx.requestMethod,
    url: ctx.url,
    signal: ctx.signal,
    header: ctx.requestHeader,
    contextValues: ctx.values,
  } as UnaryRequest | StreamRequest;
}

/** The context the handler sees: interceptors may have replaced the header, signal or values. */
function mergeRequest(ctx: HandlerContext, req: UnaryRequest | StreamRequest): HandlerContext {
  return Object.assign({}, ctx, { requestHeader: req.header, signal: req.signal, values: req.contextValues });
}

function copyHeaders(from: Headers, to: Headers): void {
  if (from === to) return;
  const keys: string[] = [];
  to.forEach((_, key) => keys.push(key));
  for (const key of keys) to.delete(key);
  from.forEach((value, key) => to.set(key, value));
}

/**
 * Calls a unary method through the interceptor chain, as Connect's own handlers do
 * (the in-process transport and the grpc-js server use this; Connect's router runs the
 * same chain with its own copy of this logic). The output is normalised with `create()`
 * and the final response headers and trailers are left in `ctx`.
 */
export async function invokeUnary(
  spec: MethodImplSpec & { kind: "unary" },
  ctx: HandlerContext,
  input: unknown,
  interceptors: readonly Interceptor[],
): Promise<UnaryResponse> {
  const handler: AnyFn = async (req) => ({
    stream: false,
    method: spec.method,
    service: spec.method.parent,
    header: ctx.responseHeader,
    trailer: ctx.responseTrailer,
    message: normalize(spec.method.output, await spec.impl(req.message as never, mergeRequest(ctx, req))),
  });
  const res = (await chain(handler, interceptors)(requestOf(ctx, spec.method, input, false))) as UnaryResponse;
  copyHeaders(res.header, ctx.responseHeader);
  copyHeaders(res.trailer, ctx.responseTrailer);
  return res;
}

/**
 * Calls a server-streaming method through the interceptor chain. The returned response's
 * `message` yields the handler's output, normalised; its header is final when this
 * resolves, its trailer once the messages are read.
 */
export async function invokeServerStream(
  spec: MethodImplSpec & { kind: "server_streaming" },
  ctx: HandlerContext,
  input: unknown,
  interceptors: readonly Interceptor[],
): Promise<StreamResponse> {
  const handler: AnyFn = async (req) => {
    const inputs = (req as StreamRequest).message[Symbol.asyncIterator]();
    const first = await inputs.next();
    if (first.done) throw new Error("server-streaming call without its request message");
    return {
      stream: true,
      method: spec.method,
      service: spec.method.parent,
      header: ctx.responseHeader,
      trailer: ctx.responseTrailer,
      message: normalizeIterable(spec.method.output, spec.impl(first.value as never, mergeRequest(ctx, req))),
    } as StreamResponse;
  };
  const single = (async function* () {
    yield input;
  })();
  return (await chain(handler, interceptors)(requestOf(ctx, spec.method, single, true))) as StreamResponse;
}
