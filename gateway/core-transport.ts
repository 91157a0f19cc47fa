import { createRouterTransport, type ConnectRouter, type Interceptor, type Transport } from '@connectrpc/connect';
import { createGrpcTransport, type GrpcTransportOptions } from '@connectrpc/connect-node';

/** How the gateway reaches the core. */
export type CoreTransportOptions =
  | {
      /** In process: the lead registers the core's service implementation on the router. */
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
 * Creates the transport for `createClient(IdentityService, transport)`:
 * Connect's router transport in embedded mode (DESIGN.md lesson 8), or
 * connect-node's gRPC transport in split mode.
 *
 * @example
 * const client = createClient(IdentityService, createCoreTransport({
 *   mode: 'embedded',
 *   routes: (router) => router.service(IdentityService, coreImpl),
 * }));
 */
export function createCoreTransport(options: CoreTransportOptions): Transport {
  if (options.mode === 'embedded') {
    return createRouterTransport(options.routes, {
      transport: options.interceptors ? { interceptors: options.interceptors } : {},
    });
  }
  const { mode: _mode, ...grpc } = options;
  return createGrpcTransport(grpc);
}
