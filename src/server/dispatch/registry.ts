import type { DescMethod, DescService } from "@bufbuild/protobuf";
import {
  createRouterTransport,
  createServiceImplSpec,
  type ConnectRouter,
  type Interceptor,
  type MethodImplSpec,
  type Transport,
} from "@connectrpc/connect";

/** A service descriptor with the implementation object that serves it. */
export interface ServedService {
  readonly desc: DescService;
  readonly impl: object;
}

/**
 * The core's services registered once with their interceptor chain. Every way of calling
 * the core dispatches through it, so an interceptor runs identically for each:
 * - the grpc-js server (`startCoreServer`), for network callers and split gateways;
 * - the in-process transport (`createInProcessTransport`), for the embedded gateway;
 * - any Connect router (`routes`, `createRouterTransport`), for tests and connect-node.
 */
export interface ServiceRegistry {
  readonly services: readonly ServedService[];
  /** The chain, outermost first. */
  readonly interceptors: readonly Interceptor[];
  /** The implementation of `method`, or undefined when no registered service has it. */
  lookup(method: DescMethod): MethodImplSpec | undefined;
  /** Registers every service, with the chain, on a Connect router. */
  routes(router: ConnectRouter): void;
  /** The same chain with more services (e.g. health, added by the server). */
  with(...services: readonly ServedService[]): ServiceRegistry;
}

const keyOf = (method: DescMethod) => `${method.parent.typeName}/${method.name}`;

/** Registers `services` behind `interceptors` (outermost first). */
export function createServiceRegistry(services: readonly ServedService[], interceptors: readonly Interceptor[]): ServiceRegistry {
  const specs = new Map<string, MethodImplSpec>();
  for (const s of services) {
    if (services.filter((o) => o.desc.typeName === s.desc.typeName).length > 1) throw new Error(`${s.desc.typeName} is registered twice`);
    const spec = createServiceImplSpec(s.desc, s.impl as never);
    for (const method of s.desc.methods) {
      if (typeof (s.impl as Record<string, unknown>)[method.localName] !== "function") {
        throw new Error(`${s.desc.typeName}.${method.name} has no implementation`);
      }
      specs.set(keyOf(method), spec.methods[method.localName] as MethodImplSpec);
    }
  }
  const chain = [...interceptors];
  return {
    services,
    interceptors: chain,
    lookup: (method) => specs.get(keyOf(method)),
    routes(router) {
      for (const s of services) router.service(s.desc, s.impl as never, { interceptors: chain });
    },
    with: (...more) => createServiceRegistry([...services, ...more], chain),
  };
}

/**
 * Connect's router transport over the registry: every call is serialised as on the wire
 * and runs the same chain. For tests that want the wire encoding without a socket; the
 * embedded gateway uses the cheaper in-process transport.
 */
export function createRegistryRouterTransport(registry: ServiceRegistry, clientInterceptors: Interceptor[] = []): Transport {
  return createRouterTransport((router) => registry.routes(router), { transport: { interceptors: clientInterceptors } });
}
