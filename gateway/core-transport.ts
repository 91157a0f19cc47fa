import { createRouterTransport, type ConnectRouter, type Interceptor, type Transport } from '@connectrpc/connect';
import { createGrpcTransport, type GrpcTransportOptions } from '@connectrpc/connect-node';
import { propagateRequestId } from './http/request-id.js';

/** How the gateway reaches the core. */
export type CoreTransportOptions =
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
    } & Omit<GrpcTransportOptions, 'baseUrl'>);

/**
 * Creates the transport for `createClient(IdentityService, transport)`. Every mode sends
 * the HTTP request's id to the core (`x-request-id`), so one id names the request in the
 * gateway's and the core's log lines.
 *
 * @example
 * const client = createClient(IdentityService, createCoreTransport({
 *   mode: 'embedded',
 *   routes: (router) => router.service(IdentityService, coreImpl),
 * }));
 */
export function createCoreTransport(options: CoreTransportOptions): Transport {
  const own: Interceptor[] = [propagateRequestId];
  if (options.mode === 'in-process') return options.transport(own);
  if (options.mode === 'embedded') {
    return createRouterTransport(options.routes, { transport: { interceptors: [...own, ...(options.interceptors ?? [])] } });
  }
  const { mode: _mode, interceptors, ...grpc } = options;
  return createGrpcTransport({ ...grpc, interceptors: [...own, ...(interceptors ?? [])] });
}
