/**
 * The Signet HTTP gateway: HTTP ⇄ `signet.v1.IdentityService`. It imports only the generated
 * contract (`src/gen/**`) from the core's tree, so it can run as its own process against any
 * core that serves the contract (test/gateway/imports.test.ts keeps it so).
 */
export { createGateway, type Gateway, type GatewayOptions } from './server.js';
export { createCoreTransport, type CoreTransportOptions } from './core-transport.js';
export type { BodyLimits, CoreClient, GatewayMount, Logger } from './context.js';
export type { GatewayMetrics } from './http/metrics.js';
