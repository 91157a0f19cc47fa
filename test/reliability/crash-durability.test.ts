/**
 * An acknowledged write survives the process being killed. `signet start` (sqlite file, the
 * production pragmas: WAL, synchronous = NORMAL) acknowledges a consent and two codes, then a token
 * exchange (the code spent, the tokens stored, the assertion's jti remembered), and is killed with
 * SIGKILL at once — no shutdown hook, no checkpoint. Every record is in the file afterwards, and a
 * restarted process honours them: the unspent code is redeemed, the spent one refused, the
 * assertion's jti refused as a replay, and the consent reused.
 */
import test from "ava";
import { join } from "node:path";
import { ConnectError } from "@connectrpc/connect";
import { closeDatabase, openDatabase } from "../../src/storage/db.js";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";
import { adminClient, identityClient, newRp, type NewRp } from "../foundation/rpc.js";
import { ADMIN_TOKEN, GATEWAY_READY, removeDir, signetEnv, spawnCli } from "../foundation/processes.js";

const RESIDENT = { id: "8267411571", pin: "545411" } as const;
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

async function loginCode(coreUrl: string, rp: NewRp): Promise<{ code: string; verifier: string; consentRequired: boolean }> {
  const id = identityClient(coreUrl);
  const { verifier, challenge } = pkcePair();
  const { transaction } = await id.authorize({
    clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid profile", state: "s",
    nonce: `n-${Math.random()}`, codeChallenge: challenge, codeChallengeMethod: "S256", acrValues: "mosip:idp:acr:static-code",
  });
  const at = { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
  const auth = await id.authenticate({ ...at, individualId: RESIDENT.id, challenges: [{ challenge: { case: "pin", value: RESIDENT.pin } }] });
  const { code } = await id.issueCode({ ...at, acceptedClaims: ["name"] });
  return { code, verifier, consentRequired: auth.transaction!.consentRequired };
}

function assertionFor(rp: NewRp, issuer: string): Promise<string> {
  return clientAssertion({ ...rp, alg: "ES256" } as never, `${issuer}/token`);
}

test("records acknowledged just before a SIGKILL are in the sqlite file and honoured after a restart", async (t) => {
  const e = await signetEnv();
  t.teardown(() => removeDir(e.dataDir));
  const coreUrl = `http://127.0.0.1:${e.corePort}`;
  const issuer = `http://127.0.0.1:${e.gatewayPort}`;
  // `start` is ready when its gateway listens too (it starts after the core).
  const first = await spawnCli("start", e.env, GATEWAY_READY);
  t.teardown(() => first.kill());

  const rp = await newRp({ acrValues: ["mosip:idp:acr:static-code"] });
  await adminClient(coreUrl, ADMIN_TOKEN).createClient({ client: rp.client });
  const kept = await loginCode(coreUrl, rp); // acknowledged: a code and the consent
  t.true(kept.consentRequired, "the first login asks for consent");
  const spent = await loginCode(coreUrl, rp);
  const assertion = await assertionFor(rp, issuer);
  const tokens = await identityClient(coreUrl).exchangeToken({
    grantType: "authorization_code", code: spent.code, redirectUri: rp.redirectUri, codeVerifier: spent.verifier,
    clientAssertionType: ASSERTION_TYPE, clientAssertion: assertion,
  });
  t.truthy(tokens.accessToken);
  // Acknowledged; now the process dies without any chance to flush or checkpoint.
  first.kill();
  t.is(await first.exited, "SIGKILL");

  const db = openDatabase({ sqliteFile: join(e.dataDir, "signet.db") });
  try {
    const count = async (table: string, where: Record<string, unknown> = {}) =>
      Number(((await db(table).where(where).count({ n: "*" })) as { n: number }[])[0]!.n);
    t.is(await count("authorization_codes"), 2, "both codes");
    t.is(Number(((await db("authorization_codes").whereNotNull("consumed_at").count({ n: "*" })) as { n: number }[])[0]!.n), 1, "one code spent");
    t.true((await count("issued_tokens")) >= 1, "the exchanged tokens");
    t.is(await count("consents", { client_id: rp.clientId }), 1, "the consent");
    t.is(await count("replay_entries", { kind: "assertion_jti" }), 1, "the assertion's jti");
  } finally {
    await closeDatabase(db);
  }

  const second = await spawnCli("start", e.env, GATEWAY_READY);
  t.teardown(() => {
    // A restarted process that died under the test says why.
    if (!t.passed) console.error(`second process stderr:\n${second.stderr()}`);
    second.kill();
  });
  const id = identityClient(coreUrl);
  const redeemed = await id.exchangeToken({
    grantType: "authorization_code", code: kept.code, redirectUri: rp.redirectUri, codeVerifier: kept.verifier,
    clientAssertionType: ASSERTION_TYPE, clientAssertion: await assertionFor(rp, issuer),
  });
  t.truthy(redeemed.idToken, "the code acknowledged before the crash is redeemed after it");
  const again = await id
    .exchangeToken({
      grantType: "authorization_code", code: spent.code, redirectUri: rp.redirectUri, codeVerifier: spent.verifier,
      clientAssertionType: ASSERTION_TYPE, clientAssertion: await assertionFor(rp, issuer),
    })
    .then(() => undefined, (err: unknown) => ConnectError.from(err));
  t.truthy(again, "the code spent before the crash stays spent");
  t.regex(again!.rawMessage, /code|grant/i);
  const replayed = await id
    .exchangeToken({
      grantType: "authorization_code", code: kept.code, redirectUri: rp.redirectUri, codeVerifier: kept.verifier,
      clientAssertionType: ASSERTION_TYPE, clientAssertion: assertion,
    })
    .then(() => undefined, (err: unknown) => ConnectError.from(err));
  t.truthy(replayed, "the assertion presented before the crash is a replay after it");
  t.regex(replayed!.rawMessage, /jti|replay|already/i);
  t.false((await loginCode(coreUrl, rp)).consentRequired, "the consent given before the crash is reused");
});
