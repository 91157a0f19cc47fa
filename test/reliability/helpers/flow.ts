/**
 * Login steps for the reliability tests: authorization codes minted over gRPC (PIN login, so no
 * OTP send limit is involved), and token requests over plain HTTP that the test can hold open
 * between their headers and their body.
 */
import { request } from 'node:http';
import { ConnectError } from '@connectrpc/connect';
import { clientAssertion } from '../../helpers/assertion.js';
import { pkcePair } from '../../helpers/pkce.js';
import { identityClient, newRp, type AdminClient, type NewRp } from '../../foundation/rpc.js';

export const RESIDENT = { id: '8267411571', pin: '545411' } as const;

/** Registers a relying party allowed to log in with a PIN. */
export async function registerRp(admin: AdminClient): Promise<NewRp> {
  const rp = await newRp({ acrValues: ['mosip:idp:acr:static-code'] });
  await admin.createClient({ client: rp.client });
  return rp;
}

/** An authorization code and its PKCE verifier. */
export interface IssuedCode {
  readonly code: string;
  readonly verifier: string;
}

/** Walks Authorize → Authenticate (PIN) → IssueCode over gRPC `n` times. */
export async function issueCodes(coreUrl: string, rp: NewRp, n: number): Promise<IssuedCode[]> {
  const id = identityClient(coreUrl);
  const one = async (): Promise<IssuedCode> => {
    const { verifier, challenge } = pkcePair();
    const { transaction } = await id.authorize({
      clientId: rp.clientId,
      redirectUri: rp.redirectUri,
      responseType: 'code',
      scope: 'openid',
      state: 's',
      nonce: `n-${Math.random()}`,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      acrValues: 'mosip:idp:acr:static-code',
    });
    const at = { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
    await id.authenticate({ ...at, individualId: RESIDENT.id, challenges: [{ challenge: { case: 'pin', value: RESIDENT.pin } }] });
    const { code } = await id.issueCode({ ...at, acceptedClaims: [] });
    return { code, verifier };
  };
  const out: IssuedCode[] = [];
  // A few at a time: the point is the codes, not load on the core.
  for (let i = 0; i < n; i += 8) out.push(...(await Promise.all(Array.from({ length: Math.min(8, n - i) }, one))));
  return out;
}

/** The form body of a token request redeeming `issued` (fresh client assertion each time). */
export async function tokenForm(issuer: string, rp: NewRp, issued: IssuedCode): Promise<string> {
  const assertion = await clientAssertion({ ...rp, alg: 'ES256' } as never, `${issuer}/token`);
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code: issued.code,
    redirect_uri: rp.redirectUri,
    code_verifier: issued.verifier,
    client_id: rp.clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  }).toString();
}

/** What came back for an HTTP request: a response, or the transport error that replaced it. */
export type HttpOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: string }
  | { readonly kind: 'error'; readonly code: string };

/**
 * A token request held between its headers and its body. It asks for `100-continue`, so
 * `accepted` resolves only once the server has read the headers and started the request:
 * from then on the request is in flight on the server. `send()` writes the body.
 */
export function heldTokenRequest(gatewayUrl: string, body: string): { accepted: Promise<void>; send(): void; outcome: Promise<HttpOutcome> } {
  const url = new URL('/token', gatewayUrl);
  let accept!: () => void;
  const accepted = new Promise<void>((resolve) => (accept = resolve));
  const req = request(url, {
    method: 'POST',
    agent: false,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
      expect: '100-continue',
    },
  });
  req.on('continue', accept);
  const outcome = new Promise<HttpOutcome>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'error', code: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      accept(); // a refused connection is never accepted; let the caller move on
      resolve({ kind: 'error', code: err.code ?? err.message });
    });
  });
  req.flushHeaders();
  return { accepted, send: () => req.end(body), outcome };
}

/** POSTs a token request and returns its outcome. */
export function postToken(gatewayUrl: string, body: string): Promise<HttpOutcome> {
  const held = heldTokenRequest(gatewayUrl, body);
  held.send();
  return held.outcome;
}

/** The ConnectError of a failed call, or undefined when it succeeded. */
export async function failure(call: Promise<unknown>): Promise<ConnectError | undefined> {
  try {
    await call;
    return undefined;
  } catch (err) {
    return ConnectError.from(err);
  }
}
