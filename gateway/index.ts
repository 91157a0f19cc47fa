/**
 * The Signet HTTP gateway: HTTP ⇄ `signet.v1.IdentityService` (DESIGN.md).
 * It imports only the generated contract (`src/gen/**`) from the core's tree.
 */
export { createGateway, type Gateway, type GatewayOptions } from './server.js';
export { createCoreTransport, type CoreTransportOptions } from './core-transport.js';
export type { BodyLimits, CoreClient, GatewayMount, Logger } from './context.js';
