import type { Handler } from './context.js';
import { authorize } from './endpoints/authorize.js';
import { biometricScript } from './endpoints/biometric-script.js';
import { loginBiometric } from './endpoints/login-biometric.js';
import { consent } from './endpoints/consent.js';
import { credential } from './endpoints/credential.js';
import { livez, readyz } from './endpoints/health.js';
import { createLogin } from './endpoints/login.js';
import { loginOtpSend } from './endpoints/login-otp-send.js';
import { loginView } from './endpoints/login-view.js';
import { issuerHome } from './endpoints/issuer-home.js';
import { discoveryDocument, jsonLdDocument, jwks, jwtVcIssuer } from './endpoints/metadata.js';
import { nonce } from './endpoints/nonce.js';
import { token } from './endpoints/token.js';
import { userinfo } from './endpoints/userinfo.js';

/**
 * How a route answers failures the handler did not render itself (body too
 * large, wrong method, a crash): an HTML page, OAuth JSON, or plain JSON.
 */
export type RouteKind = 'page' | 'oauth' | 'json';

/** One route: its paths (first is canonical, the rest are eSignet aliases). */
export interface Route {
  paths: readonly string[];
  kind: RouteKind;
  methods: Partial<Record<'GET' | 'POST', Handler>>;
  /** Public metadata: `Access-Control-Allow-Origin: *` and preflight. */
  cors?: boolean;
}

const metadata = (paths: string[], handler: Handler): Route => ({ paths, kind: 'json', cors: true, methods: { GET: handler } });

/** The gateway's routes. */
export const ROUTES: readonly Route[] = [
  metadata(
    ['/.well-known/openid-configuration', '/v1/esignet/oidc/.well-known/openid-configuration'],
    discoveryDocument((d) => d.openidConfiguration),
  ),
  metadata(
    ['/.well-known/oauth-authorization-server', '/v1/esignet/oauth/.well-known/oauth-authorization-server'],
    discoveryDocument((d) => d.oauthAuthorizationServer),
  ),
  metadata(['/.well-known/openid-credential-issuer'], discoveryDocument((d) => d.credentialIssuer)),
  metadata(['/.well-known/jwt-vc-issuer'], jwtVcIssuer),
  // The issuer URL itself: its controller document, which ldp_vc proofs' `<issuer>#<kid>` dereference
  // (a landing page for browsers).
  metadata(['/'], issuerHome),
  // Signet's JSON-LD context, named by URL in every ldp_vc (unless a published copy is configured).
  metadata(['/contexts/credentials/v1'], jsonLdDocument((d) => d.credentialsContext, 'immutable')),
  metadata(['/.well-known/jwks.json', '/v1/esignet/oauth/.well-known/jwks.json'], jwks('token')),
  { paths: ['/livez'], kind: 'json', methods: { GET: livez } },
  { paths: ['/readyz', '/healthz'], kind: 'json', methods: { GET: readyz } },
  { paths: ['/authorize'], kind: 'page', methods: { GET: authorize, POST: authorize } },
  { paths: ['/login/otp/send'], kind: 'page', methods: { POST: loginOtpSend } },
  { paths: ['/login/otp'], kind: 'page', methods: { POST: createLogin(['otp']) } },
  { paths: ['/login/pin'], kind: 'page', methods: { POST: createLogin(['pin']) } },
  { paths: ['/login/kbi'], kind: 'page', methods: { POST: createLogin(['kbi']) } },
  { paths: ['/login'], kind: 'page', methods: { POST: createLogin([]) } },
  { paths: ['/login/biometric'], kind: 'page', methods: { POST: loginBiometric } },
  { paths: ['/login/view'], kind: 'page', methods: { POST: loginView } },
  { paths: ['/assets/biometric-login.js'], kind: 'json', methods: { GET: biometricScript } },
  { paths: ['/consent'], kind: 'page', methods: { POST: consent } },
  { paths: ['/token', '/v1/esignet/oauth/v2/token'], kind: 'oauth', methods: { POST: token } },
  { paths: ['/userinfo', '/v1/esignet/oidc/userinfo'], kind: 'json', methods: { GET: userinfo, POST: userinfo } },
  { paths: ['/credential', '/v1/esignet/vci/credential'], kind: 'json', methods: { POST: credential } },
  { paths: ['/nonce', '/v1/esignet/vci/nonce'], kind: 'json', methods: { POST: nonce } },
];

/** Looks a path up in the route table. */
export function findRoute(path: string, routes: readonly Route[] = ROUTES): Route | undefined {
  return routes.find((r) => r.paths.includes(path));
}
