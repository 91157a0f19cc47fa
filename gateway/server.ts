import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayMetrics } from './http/metrics.js';
import type { BodyLimits, CoreClient, GatewayContext, GatewayMount, HealthClient, Logger } from './context.js';
import { dispatch } from './dispatch.js';
import { prepareBiometricScript } from './endpoints/biometric-script.js';
import { createMetadataCache } from './metadata/metadata-cache.js';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** Connect client for `signet.v1.IdentityService` (see `createCoreTransport`). */
  client: CoreClient;
  /**
   * Connect client for the core's `grpc.health.v1.Health` over the same transport: `/readyz`
   * asks it whether the core is ready. Without it, `/readyz` only checks that the core answers.
   */
  health?: HealthClient;
  /**
   * The gateway's public base URL, e.g. `https://id.example.gov`. Its scheme
   * decides `Secure` cookies; a path prefix (`https://example.gov/signet`) is
   * stripped from request paths and put in front of page form actions.
   */
  publicUrl: string | URL;
  /** Where the gateway logs; never receives secrets. */
  logger: Logger;
  /**
   * Key for the transaction-binding cookie's HMAC, at least 32 bytes. Every
   * gateway instance behind one load balancer needs the same key. Default: a
   * random key per process (logged as a warning).
   */
  cookieSecret?: string | Uint8Array;
  /** Body limits; defaults 64 KiB for forms, 256 KiB for JSON. */
  limits?: Partial<BodyLimits>;
  /** How long discovery documents are cached and may be cached by clients. Default 300 s. */
  discoveryMaxAgeSeconds?: number;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Served beside the gateway below their own paths (the development demo). */
  mounts?: readonly GatewayMount[];
  /** Seconds before the login page offers to send a new OTP. Default 30. */
  otpResendDelaySeconds?: number;
  /** HTTP metrics and the `/metrics` exposition (see `GatewayMetrics`). */
  metrics?: GatewayMetrics;
  /**
   * Whether a tracer provider records spans (asked per request). Default: never, so a request
   * makes no span; its log line still carries the trace id of its `traceparent` or a new one.
   */
  tracing?: () => boolean;
}

/** A running (or ready to run) gateway. */
export interface Gateway {
  /** The node:http request listener (mountable in another server). */
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** Starts listening; resolves with the bound port (use 0 for any free port). */
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  /**
   * Graceful stop: stops listening, closes idle keep-alive connections, lets requests
   * in flight finish (their responses carry `Connection: close`), answers requests that
   * arrive meanwhile on open connections with 503 and `Retry-After`, and resolves once
   * every connection is closed — or after `graceMs` (default 10 s), when the rest are cut.
   */
  close(graceMs?: number): Promise<void>;
}

function cookieKey(secret: GatewayOptions['cookieSecret'], logger: Logger): Buffer {
  if (secret === undefined) {
    logger.warn('gateway: no cookieSecret configured; using a random per-process key (set one when running several gateway instances)');
    return randomBytes(32);
  }
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (key.length < 32) throw new Error('cookieSecret must be at least 32 bytes');
  return key;
}

/**
 * Creates the HTTP gateway: standard OIDC / OAuth 2.0 / OpenID4VCI endpoints and
 * the login and consent pages, translated onto `signet.v1.IdentityService` RPCs.
 * The gateway holds no state besides cached public metadata.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const publicUrl = new URL(options.publicUrl);
  const now = options.now ?? Date.now;
  const ctx: GatewayContext = {
    client: options.client,
    ...(options.health ? { health: options.health } : {}),
    logger: options.logger,
    publicUrl,
    basePath: publicUrl.pathname.replace(/\/+$/, ''),
    secureCookies: publicUrl.protocol === 'https:',
    cookieKey: cookieKey(options.cookieSecret, options.logger),
    limits: { formBytes: 64 * 1024, jsonBytes: 256 * 1024, ...options.limits },
    metadata: createMetadataCache(options.client, options.discoveryMaxAgeSeconds ?? 300, now),
    now,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    tracing: options.tracing ?? (() => false),
    lifecycle: { draining: false },
    mounts: options.mounts ?? [],
    otpResendDelaySeconds: options.otpResendDelaySeconds ?? 30,
  };
  const inflight = new Set<ServerResponse>();
  let onRequestDone = (): void => {};
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    inflight.add(res);
    res.once('close', () => {
      inflight.delete(res);
      onRequestDone();
    });
    // While draining, no connection is kept for another request.
    if (ctx.lifecycle.draining) res.setHeader('Connection', 'close');
    // Nothing a request does may become an unhandled rejection (that ends the process).
    dispatch(req, res, ctx).catch((err: unknown) => {
      ctx.logger.error('request failed outside its handler', { error: err instanceof Error ? err.stack : String(err) });
      res.destroy();
    });
  };
  // Load the biometric page script now, so the first login page does not wait for it.
  prepareBiometricScript().catch((err: unknown) => {
    ctx.logger.error('the biometric login script is unavailable', { error: err instanceof Error ? err.message : String(err) });
  });
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 15_000, maxHeaderSize: 16 * 1024 }, handler);
  let closing: Promise<void> | undefined;
  return {
    handler,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ port: address.port, url: `http://${shownHost}:${address.port}` });
        });
      }),
    close(graceMs = 10_000) {
      closing ??= new Promise<void>((resolve) => {
        ctx.lifecycle.draining = true;
        if (inflight.size > 0) ctx.logger.info('gateway draining', { inFlight: inflight.size, graceMs });
        for (const res of inflight) if (!res.headersSent) res.setHeader('Connection', 'close');
        let connectionsOpen = true;
        const timer = setTimeout(() => {
          ctx.logger.warn('gateway grace period over; closing the connections left', { inFlight: inflight.size, graceMs });
          server.closeAllConnections();
        }, graceMs);
        const done = (): void => {
          if (connectionsOpen || inflight.size > 0) return;
          clearTimeout(timer);
          resolve();
        };
        onRequestDone = () => {
          // A finished response closes its own connection (Connection: close); idle
          // keep-alive connections opened before the drain are closed here.
          server.closeIdleConnections();
          done();
        };
        // Stops listening; the callback runs once every connection has closed (at once,
        // with an error we do not need, when the server never listened).
        server.close(() => {
          connectionsOpen = false;
          done();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
