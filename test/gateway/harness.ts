import { createClient } from '@connectrpc/connect';
import { IdentityService } from '../../src/gen/signet/v1/identity_pb.js';
import { createCoreTransport, createGateway } from '../../gateway/index.js';
import { createFakeCore, type FakeOptions } from './fake-core.js';

/** A log line as the gateway wrote it. */
export interface LogLine {
  level: string;
  msg: string;
  fields?: object;
}

/** Starts a gateway on a free port in front of a fake core. */
export async function startGateway(options: FakeOptions & { publicUrl?: string } = {}) {
  const fake = createFakeCore(options);
  const logs: LogLine[] = [];
  const logger = {
    info: (msg: string, fields?: object) => logs.push({ level: 'info', msg, ...(fields ? { fields } : {}) }),
    warn: (msg: string, fields?: object) => logs.push({ level: 'warn', msg, ...(fields ? { fields } : {}) }),
    error: (msg: string, fields?: object) => logs.push({ level: 'error', msg, ...(fields ? { fields } : {}) }),
  };
  const transport = createCoreTransport({ mode: 'embedded', routes: (r) => r.service(IdentityService, fake.impl) });
  const gateway = createGateway({
    client: createClient(IdentityService, transport),
    publicUrl: options.publicUrl ?? 'http://127.0.0.1',
    logger,
    cookieSecret: 'test-cookie-secret-that-is-32-bytes-long!',
  });
  const { url } = await gateway.listen(0);
  return { url, fake, logs, close: () => gateway.close() };
}

/** Fetch without following redirects. */
export function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', headers });
}

/** Posts a web form (fields may repeat when given as an array of pairs). */
export function postForm(
  url: string,
  fields: Record<string, string> | [string, string][],
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The `name=value` pair of the first Set-Cookie, for a Cookie header. */
export function cookieOf(res: Response): string {
  const [first] = res.headers.getSetCookie();
  return first ? first.split(';')[0]! : '';
}

/** A hidden input's value on a page. */
export function hiddenValue(page: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!match) throw new Error(`no ${name} field on the page`);
  return match[1]!;
}

/** A valid authorization request URL. */
export function authorizeUrl(base: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    client_id: 'rp-1',
    redirect_uri: 'https://rp.example/cb',
    response_type: 'code',
    scope: 'openid profile',
    state: 'st-123',
    nonce: 'n-1',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${base}/authorize?${params.toString()}`;
}
