import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from '@connectrpc/connect';
import type { Health } from '../src/gen/grpc/health/v1/health_pb.js';
import type { IdentityService } from '../src/gen/signet/v1/identity_pb.js';
import type { MetadataCache } from './metadata/metadata-cache.js';
import type { GatewayMetrics } from './http/metrics.js';

/**
 * The minimal logger the gateway writes to. Fields never hold tokens, codes,
 * OTPs, PINs, client assertions or CSRF tokens.
 */
export interface Logger {
  info(msg: string, fields?: object): void;
  warn(msg: string, fields?: object): void;
  error(msg: string, fields?: object): void;
}

/** The Connect client for `signet.v1.IdentityService`. */
export type CoreClient = Client<typeof IdentityService>;

/** The Connect client for the core's `grpc.health.v1.Health`. */
export type HealthClient = Client<typeof Health>;

/** Request body limits in bytes. */
export interface BodyLimits {
  /** Form posts: pages, /token, /userinfo. */
  formBytes: number;
  /** JSON bodies: /credential. */
  jsonBytes: number;
}

/**
 * Something served beside the gateway below a path of its own (the development demo): the
 * gateway hands it every request under `path` and lists its `links` on the issuer's landing page.
 */
export interface GatewayMount {
  /** The path it answers below, e.g. `/demo` (after the public URL's own path). */
  readonly path: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Links for the landing page (`GET /` in a browser). */
  readonly links?: readonly { readonly href: string; readonly label: string }[];
}

/** What every endpoint handler receives besides the request. */
export interface GatewayContext {
  readonly client: CoreClient;
  /** The core's health service, for `/readyz`. */
  readonly health?: HealthClient;
  readonly logger: Logger;
  /** The public base URL (scheme, host, optional path prefix). */
  readonly publicUrl: URL;
  /** Path prefix of `publicUrl` without the trailing slash (`''` at the root). */
  readonly basePath: string;
  /** Whether cookies get `Secure` (the public URL is https). */
  readonly secureCookies: boolean;
  /** HMAC key binding the transaction cookie to a transaction. */
  readonly cookieKey: Buffer;
  readonly limits: BodyLimits;
  readonly metadata: MetadataCache;
  /** HTTP metrics and `/metrics`, when the runtime provides them. */
  readonly metrics?: GatewayMetrics;
  /** Whether a tracer provider records spans now; false: no tracing work per request. */
  readonly tracing: () => boolean;
  /** Milliseconds since the epoch (injected so tests can move time). */
  readonly now: () => number;
  /** Set once `close()` starts: requests that arrive from then on are answered 503. */
  readonly lifecycle: { draining: boolean };
  /** What is served beside the gateway (see {@link GatewayMount}). */
  readonly mounts: readonly GatewayMount[];
  /** Seconds the login page waits before offering "Send a new code" (pacing; the core enforces limits). */
  readonly otpResendDelaySeconds: number;
}

/** One endpoint: handles a request whose route and method already matched. */
export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: GatewayContext) => Promise<void>;
