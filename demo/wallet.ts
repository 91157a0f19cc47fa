import type { IncomingMessage, ServerResponse } from 'node:http';
import * as oidc from 'openid-client';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { readForm, seeOther } from './http.js';
import type { OfferedConfiguration } from './pages/wallet-pages.js';
import { DEMO_CLIENT_IDS } from './register.js';
import { DemoInputError, type RpContext } from './rp.js';
import { checkCredential, type CheckedCredential } from './verify.js';

interface IssuerMetadata {
  credential_issuer: string;
  credential_endpoint: string;
  nonce_endpoint: string;
  credential_configurations_supported: Record<string, { format: string; credential_metadata?: { display?: { name: string; locale?: string }[] } }>;
}

/** The credential issuer metadata (OpenID4VCI 1.0 §12.2.2: `<issuer>/.well-known/openid-credential-issuer`). */
async function issuerMetadata(issuer: string): Promise<IssuerMetadata> {
  const res = await fetch(`${issuer}/.well-known/openid-credential-issuer`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`credential issuer metadata: HTTP ${res.status}`);
  const metadata = (await res.json()) as IssuerMetadata;
  if (metadata.credential_issuer !== issuer) throw new Error(`the metadata names ${metadata.credential_issuer}, not ${issuer}`);
  return metadata;
}

/** The configurations the wallet can ask for, with their English display names. */
export async function offeredConfigurations(issuer: string): Promise<OfferedConfiguration[]> {
  const metadata = await issuerMetadata(issuer);
  return Object.entries(metadata.credential_configurations_supported).map(([id, c]) => {
    const display = c.credential_metadata?.display ?? [];
    const name = (display.find((d) => d.locale?.startsWith('en')) ?? display[0])?.name ?? id;
    return { id, format: c.format, name };
  });
}

/**
 * `POST /demo/wallet/start`: asks for one configuration with `authorization_details` of
 * type `openid_credential` (OpenID4VCI 1.0 §5.1.1), PKCE S256 and `resource` = the credential issuer.
 */
export async function startWalletLogin(req: IncomingMessage, res: ServerResponse, ctx: RpContext): Promise<void> {
  const chosen = (await readForm(req)).get('configuration_id') ?? '';
  const known = Object.keys((await issuerMetadata(ctx.issuer)).credential_configurations_supported);
  // Signet issues one credential configuration per authorization (one credential scope at a time).
  const configurationIds = known.filter((id) => id === chosen);
  if (configurationIds.length === 0) throw new DemoInputError(`no credential configuration ${JSON.stringify(chosen)}`);
  const config = await ctx.clients.config(DEMO_CLIENT_IDS.wallet, 'oauth2');
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${ctx.demoUrl}/wallet/callback`,
    authorization_details: JSON.stringify(configurationIds.map((id) => ({ type: 'openid_credential', credential_configuration_id: id }))),
    resource: ctx.issuer,
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  const cookie = ctx.pending.start({ kind: 'wallet', state, codeVerifier, clientId: DEMO_CLIENT_IDS.wallet, configurationIds }, ctx.demoUrl.startsWith('https:'));
  seeOther(res, url.href, { 'Set-Cookie': cookie });
}

/**
 * `GET /demo/wallet/callback`: redeems the code (private_key_jwt, PKCE, `resource`), then for each
 * configuration takes a fresh nonce, proves a new holder key (`openid4vci-proof+jwt`, §8.2.1.1) and
 * calls the credential endpoint with the access token; finally decodes and verifies every credential.
 */
export async function finishWalletLogin(req: IncomingMessage, ctx: RpContext): Promise<CheckedCredential[]> {
  const login = ctx.pending.take(req);
  if (!login || login.kind !== 'wallet') throw new DemoInputError('This request has expired or was started in another browser. Start again.');
  const config = await ctx.clients.config(DEMO_CLIENT_IDS.wallet, 'oauth2');
  const tokens = await oidc.authorizationCodeGrant(config, new URL(req.url ?? '/', ctx.demoUrl), { pkceCodeVerifier: login.codeVerifier, expectedState: login.state }, { resource: ctx.issuer });
  const metadata = await issuerMetadata(ctx.issuer);
  const holder = await generateKeyPair('ES256', { extractable: true });
  const holderJwk = await exportJWK(holder.publicKey);
  // OpenID4VCI 1.0 §6.2 / §8.2: when the token response carries authorization_details, the
  // wallet names each credential by one of its credential_identifiers, not by configuration id.
  const granted = (tokens.authorization_details ?? []) as { credential_configuration_id?: string; credential_identifiers?: string[] }[];
  const results: CheckedCredential[] = [];
  for (const id of login.configurationIds ?? []) {
    const identifier = granted.find((d) => d.credential_configuration_id === id)?.credential_identifiers?.[0];
    const which = identifier ? { credential_identifier: identifier } : { credential_configuration_id: id };
    const nonceRes = await fetch(metadata.nonce_endpoint, { method: 'POST', signal: AbortSignal.timeout(10_000) });
    const { c_nonce } = (await nonceRes.json()) as { c_nonce: string };
    const proof = await new SignJWT({ iss: DEMO_CLIENT_IDS.wallet, aud: metadata.credential_issuer, nonce: c_nonce })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: holderJwk })
      .setIssuedAt()
      .sign(holder.privateKey);
    const res = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(metadata.credential_endpoint), 'POST',
      JSON.stringify({ ...which, proofs: { jwt: [proof] } }), new Headers({ 'content-type': 'application/json' }));
    const body = (await res.json()) as { credentials?: { credential: unknown }[]; error?: string; error_description?: string };
    const format = metadata.credential_configurations_supported[id]?.format ?? '?';
    if (!res.ok || !body.credentials?.[0]) {
      results.push({ configurationId: id, format, verified: false, problem: `credential endpoint: HTTP ${res.status} ${body.error ?? ''} ${body.error_description ?? ''}`.trim(), parts: [] });
      continue;
    }
    results.push(await checkCredential(ctx.issuer, id, format, body.credentials[0].credential, holderJwk));
  }
  return results;
}
