import type { IncomingMessage, ServerResponse } from 'node:http';
import * as oidc from 'openid-client';
import { decodeProtectedHeader } from 'jose';
import { readForm, seeOther } from './http.js';
import type { DemoClients } from './oidc.js';
import type { RpResult } from './pages/rp-pages.js';
import { DEMO_ACRS, DEMO_ALGS, DEMO_CLIENT_IDS, type DemoAlg } from './register.js';
import type { PendingLogins } from './sessions.js';

/** What the relying-party routes share. */
export interface RpContext {
  readonly issuer: string;
  /** The demo's public URL, e.g. `http://127.0.0.1:8088/demo`. */
  readonly demoUrl: string;
  readonly clients: DemoClients;
  readonly pending: PendingLogins;
}

/** A mistake the visitor can fix (bad form input, an expired login): shown as a 400 page. */
export class DemoInputError extends Error {}

/**
 * `POST /demo/login`: starts an authorization code flow (OIDC Core §3.1.2) for the chosen factor
 * (as `acr_values`) and ID token algorithm (one registered client each), with PKCE S256, `state`
 * and `nonce` kept for the callback, and sends the browser to Signet's authorization endpoint.
 */
export async function startRpLogin(req: IncomingMessage, res: ServerResponse, ctx: RpContext): Promise<void> {
  const form = await readForm(req);
  const factor = form.get('factor') ?? 'otp';
  const alg = form.get('alg') ?? 'ES256';
  if (!(factor in DEMO_ACRS)) throw new DemoInputError(`factor must be one of ${Object.keys(DEMO_ACRS).join(', ')}`);
  if (!(DEMO_ALGS as readonly string[]).includes(alg)) throw new DemoInputError(`alg must be one of ${DEMO_ALGS.join(', ')}`);
  const clientId = DEMO_CLIENT_IDS.rp[alg as DemoAlg];
  const config = await ctx.clients.config(clientId, 'oidc', alg);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${ctx.demoUrl}/callback`,
    scope: 'openid profile email phone address',
    acr_values: DEMO_ACRS[factor as keyof typeof DEMO_ACRS],
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(form.get('ui_locales') ? { ui_locales: form.get('ui_locales')! } : {}),
  });
  const cookie = ctx.pending.start({ kind: 'rp', state, nonce, codeVerifier, clientId }, ctx.demoUrl.startsWith('https:'));
  seeOther(res, url.href, { 'Set-Cookie': cookie });
}

/**
 * `GET /demo/callback`: openid-client checks the response (`state`, `iss` per RFC 9207), redeems
 * the code with private_key_jwt and the PKCE verifier, verifies the ID token (signature against the
 * JWKS, `iss`, `aud`, `exp`, `nonce`), then fetches the userinfo JWT and verifies it too.
 */
export async function finishRpLogin(req: IncomingMessage, ctx: RpContext): Promise<RpResult> {
  const login = ctx.pending.take(req);
  if (!login || login.kind !== 'rp') throw new DemoInputError('This login has expired or was started in another browser. Start again.');
  const alg = (Object.entries(DEMO_CLIENT_IDS.rp).find(([, id]) => id === login.clientId)?.[0] ?? 'ES256') as DemoAlg;
  const config = await ctx.clients.config(login.clientId, 'oidc', alg);
  const current = new URL(req.url ?? '/', ctx.demoUrl);
  const tokens = await oidc.authorizationCodeGrant(config, current, {
    pkceCodeVerifier: login.codeVerifier,
    expectedState: login.state,
    expectedNonce: login.nonce!,
    idTokenExpected: true,
  });
  const claims = tokens.claims()!;
  const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  return { clientId: login.clientId, alg, idTokenHeader: decodeProtectedHeader(tokens.id_token!), idTokenClaims: { ...claims }, userinfo };
}
