/**
 * SIGTERM loses nothing: token requests in flight when the signal arrives finish and deliver
 * their tokens; anything refused leaves its authorization code unspent, so the relying party's
 * retry succeeds. Real processes (`signet start`; `signet core` + `signet gateway`) on a real
 * PostgreSQL database.
 */
import test, { type ExecutionContext } from 'ava';
import knexFactory from 'knex';
import { createHash } from 'node:crypto';
import { ADMIN_TOKEN, CORE_READY, GATEWAY_READY, removeDir, signetEnv, spawnCli, type SignetProcess } from '../foundation/processes.js';
import { adminClient } from '../foundation/rpc.js';
import { heldTokenRequest, issueCodes, postToken, registerRp, tokenForm, type HttpOutcome, type IssuedCode } from './helpers/flow.js';
import { freshDatabase, sharedPostgresUrl } from './helpers/postgres.js';
import { postgresTestOrSkip } from '../helpers/skip.js';
import type { NewRp } from '../foundation/rpc.js';

const shared = sharedPostgresUrl();
const pgTest = postgresTestOrSkip(test, 'skip' in shared ? shared.skip : undefined);
const sharedUrl = 'url' in shared ? shared.url : '';
/** Codes live long enough for the retries at the end; the grace period outlasts any exchange. */
const settings = { SIGNET_LOG_LEVEL: 'info', SIGNET_SHUTDOWN_GRACE_MS: '20000', SIGNET_CODE_SECONDS: '600' };

/** Starts a process and kills it (and removes its data dir) at the end of the test. */
async function spawned(t: ExecutionContext, command: 'start' | 'core' | 'gateway', env: NodeJS.ProcessEnv, dataDir?: string): Promise<SignetProcess> {
  const proc = await spawnCli(command, env, command === 'core' ? CORE_READY : GATEWAY_READY);
  t.teardown(async () => {
    proc.kill();
    await proc.exited;
    if (dataDir) removeDir(dataDir);
  });
  return proc;
}

/** Resolves once `text()` matches `pattern` (the process logs it), or fails after 20 s. */
async function logged(text: () => string, pattern: RegExp): Promise<void> {
  for (let waited = 0; !pattern.test(text()); waited += 20) {
    if (waited > 20_000) throw new Error(`never logged ${pattern}:\n${text()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const delivered = (o: HttpOutcome): boolean => o.kind === 'response' && o.status === 200 && /"access_token"/.test(o.body) && /"id_token"/.test(o.body);

/**
 * Every code whose exchange did not deliver must still be redeemable (the retry succeeds); every
 * delivered one must be spent (the exchange really happened). Returns how many were delivered.
 */
async function assertNothingLost(t: ExecutionContext, gatewayUrl: string, issuer: string, rp: NewRp, codes: IssuedCode[], outcomes: HttpOutcome[]): Promise<number> {
  let count = 0;
  for (const [i, outcome] of outcomes.entries()) {
    const retry = await postToken(gatewayUrl, await tokenForm(issuer, rp, codes[i]!));
    if (delivered(outcome)) {
      count++;
      t.true(retry.kind === 'response' && retry.status === 400 && /invalid_grant/.test(retry.body), `code ${i} was spent by the exchange that delivered its tokens`);
    } else {
      t.true(delivered(retry), `code ${i} (first answer: ${JSON.stringify(outcome).slice(0, 200)}) is unspent: the retry delivers tokens`);
    }
  }
  return count;
}

pgTest('embedded: SIGTERM with 40 token requests in flight delivers every one of them and exits 0', async (t) => {
  const db = await freshDatabase(sharedUrl);
  t.teardown(() => db.drop());
  const { env, dataDir } = await signetEnv({ DATABASE_URL: db.url, ...settings });
  const coreUrl = env['SIGNET_CORE_URL']!;
  const issuer = env['SIGNET_ISSUER']!;
  const first = await spawned(t, 'start', env, dataDir);
  const rp = await registerRp(adminClient(coreUrl, ADMIN_TOKEN));
  const codes = await issueCodes(coreUrl, rp, 41);
  const inFlight = codes.slice(0, 40);
  const late = codes[40]!;

  const held = await Promise.all(inFlight.map(async (c) => heldTokenRequest(issuer, await tokenForm(issuer, rp, c))));
  await Promise.all(held.map((h) => h.accepted)); // the gateway has read every request's headers
  // Half the exchanges are running in the core when the signal arrives; half send their body after it.
  for (const h of held.slice(0, 20)) h.send();
  first.child.kill('SIGTERM');
  await logged(first.stderr, /"msg":"gateway draining"/);
  const drainLine = first.stderr().split('\n').find((l) => l.includes('"gateway draining"'))!;
  t.true(JSON.parse(drainLine).inFlight >= 20, 'at least the 20 requests still waiting for their body were in flight');

  // The gateway no longer accepts connections; a request now is refused before it starts.
  const lateOutcome = await postToken(issuer, await tokenForm(issuer, rp, late));
  t.false(delivered(lateOutcome));
  for (const h of held.slice(20)) h.send();
  const outcomes = await Promise.all(held.map((h) => h.outcome));
  t.is(await first.exited, 0, 'exit code 0');
  t.notRegex(first.stderr(), /"level":"error"/, 'no request failed');

  const second = await spawned(t, 'start', env);
  const count = await assertNothingLost(t, issuer, issuer, rp, codes, [...outcomes, lateOutcome]);
  t.is(count, 40, 'every request in flight at SIGTERM delivered its tokens');
  second.kill();
});

/** Holds 40 token requests at `issuer` until the gateway has started each, then sends half of their bodies. */
async function holdForty(issuer: string, rp: NewRp, codes: IssuedCode[]) {
  const held = await Promise.all(codes.map(async (c) => heldTokenRequest(issuer, await tokenForm(issuer, rp, c))));
  await Promise.all(held.map((h) => h.accepted)); // the gateway has read every request's headers
  for (const h of held.slice(0, 20)) h.send();
  return { held, sendRest: () => held.slice(20).forEach((h) => h.send()), outcomes: () => Promise.all(held.map((h) => h.outcome)) };
}

pgTest('split: SIGTERM to the gateway with 40 token requests in flight delivers every one; to the gateway and the core together, every code is exchanged or left unspent', async (t) => {
  const db = await freshDatabase(sharedUrl);
  t.teardown(() => db.drop());
  const { env, dataDir } = await signetEnv({ DATABASE_URL: db.url, ...settings });
  const gatewayEnv = { ...env, SIGNET_DATA_DIR: (await signetEnv()).dataDir };
  t.teardown(() => removeDir(gatewayEnv.SIGNET_DATA_DIR));
  const coreUrl = env['SIGNET_CORE_URL']!;
  const issuer = env['SIGNET_ISSUER']!;
  const core = await spawned(t, 'core', env, dataDir);
  const first = await spawned(t, 'gateway', gatewayEnv);
  const rp = await registerRp(adminClient(coreUrl, ADMIN_TOKEN));
  const codes = await issueCodes(coreUrl, rp, 80);

  // The gateway alone: its 40 requests reach the core, which keeps serving.
  const alone = await holdForty(issuer, rp, codes.slice(0, 40));
  first.child.kill('SIGTERM');
  await logged(first.stderr, /"msg":"gateway draining"/);
  alone.sendRest();
  const aloneOutcomes = await alone.outcomes();
  t.is(await first.exited, 0);
  t.deepEqual(aloneOutcomes.flatMap((o, i) => (delivered(o) ? [] : [`${i}: ${JSON.stringify(o).slice(0, 200)}`])), [], 'every request in flight at SIGTERM delivered its tokens');
  t.notRegex(first.stderr(), /"level":"error"/, 'no request failed');

  // A new gateway on the same port, then SIGTERM to it and the core at once.
  const second = await spawned(t, 'gateway', gatewayEnv);
  const together = await holdForty(issuer, rp, codes.slice(40));
  second.child.kill('SIGTERM');
  core.child.kill('SIGTERM');
  await logged(second.stderr, /"msg":"gateway draining"/);
  together.sendRest();
  const outcomes = await together.outcomes();
  t.is(await second.exited, 0);
  t.is(await core.exited, 0);
  for (const o of outcomes) {
    if (delivered(o)) continue;
    t.true(o.kind === 'response' && o.status === 503 && o.headers['retry-after'] !== undefined && /temporarily_unavailable/.test(o.body), `refused as 503 with Retry-After: ${JSON.stringify(o).slice(0, 300)}`);
  }
  t.notRegex(second.stderr(), /core call failed without an error detail|handler failed/, 'no failure was taken for a defect');

  // Stored state instead of a restart: a code is spent exactly when its exchange delivered.
  const store = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 1 } });
  t.teardown(() => store.destroy());
  for (const [i, o] of [...aloneOutcomes, ...outcomes].entries()) {
    const hash = createHash('sha256').update(codes[i]!.code).digest('base64url');
    const row = (await store('authorization_codes').where({ code_hash: hash }).first()) as { consumed_at: unknown } | undefined;
    t.truthy(row, `code ${i} is stored`);
    t.is(row?.consumed_at !== null, delivered(o), `code ${i} is spent exactly when its tokens were delivered`);
  }
});
