/**
 * The development demo: a relying party and a wallet that are real clients of this Signet, mounted
 * at `/demo` beside the gateway by `signet start` (never under NODE_ENV=production). It is not part
 * of the gateway's protocol code: it reaches Signet only through the public HTTP endpoints, as
 * openid-client and an OpenID4VCI wallet would, and registers its clients through AdminService.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from '@connectrpc/connect';
import { ResponseBodyError, AuthorizationResponseError } from 'openid-client';
import type { AdminService } from '../src/gen/signet/v1/admin_pb.js';
import { nonce, sendHtml } from './http.js';
import { LOGO_SVG } from './logo.js';
import { DemoClients } from './oidc.js';
import { page } from './pages/layout.js';
import { demoError, rpHome, rpResult } from './pages/rp-pages.js';
import { walletHome, walletResult } from './pages/wallet-pages.js';
import { loadDemoKeys, registerDemoClients } from './register.js';
import { DemoInputError, finishRpLogin, startRpLogin, type RpContext } from './rp.js';
import { PendingLogins } from './sessions.js';
import { finishWalletLogin, offeredConfigurations, startWalletLogin } from './wallet.js';

/** The logger the demo writes to. */
export interface DemoLogger {
  info(msg: string, fields?: object): void;
  warn(msg: string, fields?: object): void;
}

/** The demo, ready to mount: requests whose path starts with `path` go to `handler`. */
export interface DemoMount {
  /** The path it answers below (`/demo`, after the issuer's own path). */
  readonly path: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Links for the issuer's landing page. */
  readonly links: readonly { readonly href: string; readonly label: string }[];
  /** Where to point a newcomer: `<issuer>/demo`. */
  readonly url: string;
}

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** The issuer (the gateway's public URL). */
  readonly issuer: string;
  /** Where the demo keeps its client key (`<dataDir>/demo/`). */
  readonly dataDir: string;
  /** AdminService, with the operator's credential, to register the demo clients. */
  readonly admin: Client<typeof AdminService>;
  readonly logger: DemoLogger;
}

async function readme(): Promise<string> {
  // README.md sits at the package root: two levels up when built (dist/demo/), one from source.
  for (const rel of ['../README.md', '../../README.md']) {
    try {
      return await readFile(new URL(rel, import.meta.url), 'utf8');
    } catch {
      // try the next location
    }
  }
  return '# Signet\n\nREADME.md is not installed with this build.\n';
}

function describe(err: unknown): { message: string; detail?: unknown } {
  if (err instanceof AuthorizationResponseError || err instanceof ResponseBodyError) {
    return { message: `Signet answered ${err.error}: ${err.error_description ?? ''}`, detail: err.cause };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}

/**
 * Registers the demo clients (keys in `<dataDir>/demo/client-keys.json`) and returns the demo to
 * mount. The caller refuses it under NODE_ENV=production.
 */
export async function startDemo(options: DemoOptions): Promise<DemoMount> {
  const issuer = options.issuer.replace(/\/+$/, '');
  const keys = await loadDemoKeys(options.dataDir);
  await registerDemoClients(options.admin, issuer, keys);
  const basePath = new URL(issuer).pathname.replace(/\/+$/, '');
  const base = `${basePath}/demo`;
  const issuerOrigin = new URL(issuer).origin;
  const ctx: RpContext = { issuer, demoUrl: `${issuer}/demo`, clients: new DemoClients(issuer, keys), pending: new PendingLogins() };

  const send = (res: ServerResponse, status: number, title: string, body: Parameters<typeof page>[3]) => {
    const n = nonce();
    sendHtml(res, status, page(title, n, base, body), n, issuerOrigin);
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://demo').pathname.slice(base.length) || '/';
    const route = `${req.method === 'HEAD' ? 'GET' : req.method} ${path}`;
    try {
      switch (route) {
        case 'GET /':
          return send(res, 200, 'Relying party', rpHome(base));
        case 'POST /login':
          return await startRpLogin(req, res, ctx);
        case 'GET /callback':
          return send(res, 200, 'Signed in', rpResult(base, await finishRpLogin(req, ctx)));
        case 'GET /wallet':
          return send(res, 200, 'Wallet', walletHome(base, issuer, await offeredConfigurations(issuer)));
        case 'POST /wallet/start':
          return await startWalletLogin(req, res, ctx);
        case 'GET /wallet/callback':
          return send(res, 200, 'Credentials', walletResult(base, await finishWalletLogin(req, ctx)));
        case 'GET /logo.svg':
          res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' });
          res.end(LOGO_SVG);
          return;
        case 'GET /readme': {
          const text = await readme();
          res.writeHead(200, { 'Content-Type': 'text/markdown; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(text) });
          res.end(text);
          return;
        }
        default:
          return send(res, 404, 'Not found', demoError(base, `The demo has no page ${path}.`));
      }
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const { message, detail } = describe(err);
      const status = err instanceof DemoInputError || err instanceof AuthorizationResponseError ? 400 : 502;
      options.logger.warn('demo request failed', { path, error: message });
      send(res, status, 'Error', demoError(base, message, detail));
    }
  };
  return {
    path: '/demo',
    handler,
    url: `${issuer}/demo`,
    links: [
      { href: `${base}`, label: 'Demo relying party' },
      { href: `${base}/wallet`, label: 'Demo wallet (OpenID4VCI)' },
      { href: `${base}/readme`, label: 'README' },
    ],
  };
}
