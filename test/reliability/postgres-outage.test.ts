/**
 * PostgreSQL going away under load, against a real `signet start` process and a private
 * PostgreSQL cluster this test stops, restarts and freezes (never the shared one):
 * - stopped, then restarted: only 503s with Retry-After (UNAVAILABLE over gRPC), never a 500,
 *   and service resumes without restarting Signet;
 * - frozen with SIGSTOP (connections open, nothing answers): every request is answered 503
 *   within the configured timeouts instead of hanging, and service resumes after SIGCONT;
 * - meanwhile grpc.health.v1 and the gateway's /readyz say NOT_SERVING, /livez stays 200.
 */
import test, { type ExecutionContext } from 'ava';
import { Code } from '@connectrpc/connect';
import { ADMIN_TOKEN, GATEWAY_READY, removeDir, signetEnv, spawnCli, type SignetProcess } from '../foundation/processes.js';
import { HealthCheckResponse_ServingStatus as Serving } from '../../src/gen/grpc/health/v1/health_pb.js';
import { adminClient, healthClient, identityClient, refusal } from '../foundation/rpc.js';
import { issueCodes, postToken, registerRp, tokenForm } from './helpers/flow.js';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from './helpers/postgres.js';
import { postgresTestOrSkip } from '../helpers/skip.js';
import type { NewRp } from '../foundation/rpc.js';

/** Every storage wait is bounded by 1 s here, so a frozen database costs a request about that. */
const TIMEOUT_SECONDS = 1;

interface Outcome {
  readonly what: string;
  readonly status: number;
  readonly retryAfter: string | null;
  readonly requestId: string | null;
  readonly ms: number;
}

let pg: PrivatePostgres;
let signet: SignetProcess;
let issuer = '';
let coreUrl = '';
let rp: NewRp;
let accessToken = '';
let dataDir = '';

const pgTest = postgresTestOrSkip(test, privatePostgresUnavailable());

pgTest.before(async () => {
  const started = await startPrivatePostgres();
  if ('skip' in started) throw new Error(started.skip);
  pg = started;
  const e = await signetEnv({
    DATABASE_URL: pg.url,
    SIGNET_DB_CONNECT_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    SIGNET_DB_ACQUIRE_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    SIGNET_DB_STATEMENT_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    SIGNET_CODE_SECONDS: '600',
    SIGNET_LOG_LEVEL: 'warn',
  });
  dataDir = e.dataDir;
  issuer = e.env['SIGNET_ISSUER']!;
  coreUrl = e.env['SIGNET_CORE_URL']!;
  signet = await spawnCli('start', e.env, GATEWAY_READY);
  rp = await registerRp(adminClient(coreUrl, ADMIN_TOKEN));
  const [code] = await issueCodes(coreUrl, rp, 1);
  const token = await postToken(issuer, await tokenForm(issuer, rp, code!));
  if (token.kind !== 'response' || token.status !== 200) throw new Error(`no access token: ${JSON.stringify(token)}`);
  accessToken = (JSON.parse(token.body) as { access_token: string }).access_token;
});

test.after.always(async () => {
  if (process.env['SIGNET_TEST_LOG']) console.log(signet?.stderr());
  signet?.kill();
  await signet?.exited;
  await pg?.dispose();
  if (dataDir) removeDir(dataDir);
});

const authorizeUrl = () =>
  `${issuer}/authorize?${new URLSearchParams({ client_id: rp.clientId, redirect_uri: rp.redirectUri, response_type: 'code', scope: 'openid', state: 's', nonce: `n${Math.random()}`, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', acr_values: 'mosip:idp:acr:static-code' })}`;

/** One round: a page that writes (authorize) and an API that reads (userinfo), timed. */
async function round(): Promise<Outcome[]> {
  const timed = async (what: string, call: () => Promise<Response>): Promise<Outcome> => {
    const started = Date.now();
    const res = await call();
    await res.arrayBuffer();
    return { what, status: res.status, retryAfter: res.headers.get('retry-after'), requestId: res.headers.get('x-request-id'), ms: Date.now() - started };
  };
  return Promise.all([
    timed('authorize', () => fetch(authorizeUrl(), { redirect: 'manual' })),
    timed('userinfo', () => fetch(`${issuer}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })),
  ]);
}

/** The core's grpc.health.v1 status for IdentityService, and the gateway's /readyz and /livez. */
async function health(): Promise<{ grpc: Serving; readyz: number; livez: number }> {
  const [grpc, readyz, livez] = await Promise.all([
    healthClient(coreUrl).check({ service: 'signet.v1.IdentityService' }).then((r) => r.status),
    fetch(`${issuer}/readyz`).then((r) => r.status),
    fetch(`${issuer}/livez`).then((r) => r.status),
  ]);
  return { grpc, readyz, livez };
}

/** Polls {@link health} until it equals `expected` (readiness results are reused for a second). */
async function healthUntil(expected: Awaited<ReturnType<typeof health>>): Promise<Awaited<ReturnType<typeof health>>> {
  let last = await health();
  for (const started = Date.now(); JSON.stringify(last) !== JSON.stringify(expected) && Date.now() - started < 30_000; ) {
    await new Promise((r) => setTimeout(r, 200));
    last = await health();
  }
  return last;
}

/** Runs rounds until `done` says so (or 30 s pass), returning every outcome. */
async function roundsUntil(done: (last: Outcome[]) => boolean): Promise<Outcome[]> {
  const all: Outcome[] = [];
  for (const started = Date.now(); Date.now() - started < 30_000; ) {
    const last = await round();
    all.push(...last);
    if (done(last)) return all;
  }
  throw new Error(`condition not reached in 30 s; last outcomes ${JSON.stringify(all.slice(-4))}`);
}

const allOk = (o: Outcome[]) => o.every((x) => x.status === 200);
const allUnavailable = (o: Outcome[]) => o.every((x) => x.status === 503);

/**
 * Each 503 has its cause logged exactly once, at error level, under the request id the response
 * carried (the gateway passes it to the core), naming the storage failure, without a stack.
 */
function assertCauseLoggedOnce(t: ExecutionContext, outcomes: Outcome[]): void {
  const lines = signet.stderr().split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  for (const o of outcomes.filter((x) => x.status === 503)) {
    const errors = lines.filter((l) => l['request_id'] === o.requestId && l['level'] === 'error');
    t.is(errors.length, 1, `${o.what} ${o.requestId}: one error line, not ${JSON.stringify(errors)}`);
    t.like(errors[0], { msg: 'rpc failed: storage unavailable' });
    t.truthy(errors[0]?.['reason'], 'the storage failure is named');
    t.false(JSON.stringify(errors[0]).includes('\\n    at '), 'no stack trace');
  }
}

function assertOnly200Or503(t: ExecutionContext, outcomes: Outcome[]): void {
  const other = outcomes.filter((o) => o.status !== 200 && o.status !== 503);
  t.deepEqual(other, [], 'no answer other than 200 or 503 (in particular no 500)');
  const bare = outcomes.filter((o) => o.status === 503 && o.retryAfter === null);
  t.deepEqual(bare, [], 'every 503 carries Retry-After');
}

pgTest.serial('PostgreSQL stopped and restarted under load: only 503s meanwhile, and service resumes without a restart', async (t) => {
  const before = await roundsUntil(allOk);
  t.deepEqual(await health(), { grpc: Serving.SERVING, readyz: 200, livez: 200 });
  await pg.stop();
  const down = await roundsUntil(allUnavailable);
  const notReady = { grpc: Serving.NOT_SERVING, readyz: 503, livez: 200 };
  t.deepEqual(await healthUntil(notReady), notReady, 'not ready while storage is down, still alive');
  const { err, detail } = await refusal(
    identityClient(coreUrl).authorize({ clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: 'code', scope: 'openid', nonce: 'n-grpc', codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', codeChallengeMethod: 'S256', acrValues: 'mosip:idp:acr:static-code' }),
  );
  t.is(err.code, Code.Unavailable, 'gRPC callers get UNAVAILABLE');
  t.is(detail?.error, 'temporarily_unavailable');
  await pg.start();
  const after = await roundsUntil(allOk);
  const ready = { grpc: Serving.SERVING, readyz: 200, livez: 200 };
  t.deepEqual(await healthUntil(ready), ready, 'ready again');
  assertOnly200Or503(t, [...before, ...down, ...after]);
  assertCauseLoggedOnce(t, down);
  t.true(down.some((o) => o.what === 'authorize' && o.status === 503) && down.some((o) => o.what === 'userinfo' && o.status === 503));
  t.is(signet.child.exitCode, null, 'the same process serves again');
  t.notRegex(signet.stderr(), /"level":"error","msg":"(handler failed|rpc failed unexpectedly)/, 'nothing was treated as a bug');
});

pgTest.serial('PostgreSQL frozen (SIGSTOP): requests are answered 503 within the configured timeout, and service resumes after SIGCONT', async (t) => {
  await roundsUntil(allOk);
  pg.freeze();
  let frozen: Outcome[];
  let frozenHealth: Awaited<ReturnType<typeof health>> | undefined;
  try {
    frozen = [...(await round()), ...(await round())];
    frozenHealth = await healthUntil({ grpc: Serving.NOT_SERVING, readyz: 503, livez: 200 });
  } finally {
    pg.thaw();
  }
  assertOnly200Or503(t, frozen);
  t.true(allUnavailable(frozen), JSON.stringify(frozen));
  assertCauseLoggedOnce(t, frozen);
  t.is(frozenHealth?.grpc, Serving.NOT_SERVING, 'a frozen database fails the readiness probe at its time limit');
  t.is(frozenHealth?.readyz, 503);
  // One storage wait (1 s) plus start-up and scheduling slack on a shared machine — not the
  // 25–96 s a frozen database used to cost.
  for (const o of frozen) t.true(o.ms < TIMEOUT_SECONDS * 1000 + 4000, `${o.what} answered in ${o.ms} ms`);
  const after = await roundsUntil(allOk);
  assertOnly200Or503(t, after);
});
