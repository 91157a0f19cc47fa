/**
 * Single use under contention, on sqlite and on PostgreSQL (their locking differs):
 * 20 concurrent redemptions of one code, and 20 concurrent token requests carrying one
 * client assertion, each through the real gateway. Exactly one of each succeeds.
 */
import test from "ava";
import { decodeJwt } from "jose";
import { hashSecret } from "../../src/core/secrets.js";
import { clientAssertion } from "../helpers/assertion.js";
import { databaseTargets, type DatabaseTarget } from "../helpers/databases.js";
import { pkcePair } from "../helpers/pkce.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import { INDIVIDUAL, redeem } from "./rp.js";

const RACERS = 20;
const targets: DatabaseTarget[] = await databaseTargets();
const running: SignetUnderTest[] = [];

test.after.always(async () => {
  for (const s of running) await s.stop();
  for (const t of targets) await t.dispose();
});

/** A code for `rp` straight over gRPC (the page walk is proven elsewhere; here codes must be cheap). */
async function grpcCode(signet: SignetUnderTest, rp: RegisteredClient) {
  const { verifier, challenge } = pkcePair();
  const { transaction } = await signet.identity.authorize({
    clientId: rp.clientId,
    redirectUri: rp.redirectUri,
    responseType: "code",
    scope: "openid profile",
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    acrValues: "mosip:idp:acr:static-code",
  });
  const ids = { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
  await signet.identity.authenticate({ ...ids, individualId: INDIVIDUAL.id, challenges: [{ challenge: { case: "pin", value: INDIVIDUAL.pin } }] });
  const { code } = await signet.identity.issueCode({ ...ids, acceptedClaims: ["name"] });
  return { code, verifier };
}

const tally = (statuses: { status: number; body: Record<string, string | undefined> }[]) => {
  const out: Record<string, number> = {};
  for (const r of statuses) {
    const key = r.status === 200 ? "200" : `${r.status} ${r.body.error}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
};

for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  test.serial(`${target.name}: of ${RACERS} concurrent redemptions of one code exactly one gets tokens`, async (t) => {
    const signet = await startSignet({ db: await target.migrated() });
    running.push(signet);
    const rp = await signet.registerClient();
    const { code, verifier } = await grpcCode(signet, rp);
    const assertions = await Promise.all(Array.from({ length: RACERS }, () => clientAssertion(rp, `${signet.issuer}/token`)));
    const results = await Promise.all(assertions.map((a) => redeem(signet, rp, code, verifier, { client_assertion: a })));
    t.deepEqual(tally(results), { "200": 1, "400 invalid_grant": RACERS - 1 });
    const rows = await signet.runtime.db("issued_tokens").where({ code_hash: hashSecret(code) }).select("revoked_at");
    t.is(rows.length, 1, "one access token was issued for the code");
    // The code was presented 20 times: a loser's unit of work sees the winner's committed token
    // and revokes it (RFC 6749 §4.1.2), so the race never leaves it alive.
    t.not(rows[0]!.revoked_at, null, "the reused code's token is revoked");
  });

  test.serial(`${target.name}: of ${RACERS} concurrent token requests with one client assertion exactly one authenticates`, async (t) => {
    const signet = running.at(-1)!;
    const rp = await signet.registerClient();
    const codes = await Promise.all(Array.from({ length: RACERS }, () => grpcCode(signet, rp)));
    const assertion = await clientAssertion(rp, `${signet.issuer}/token`);
    const results = await Promise.all(codes.map((c) => redeem(signet, rp, c.code, c.verifier, { client_assertion: assertion })));
    t.deepEqual(tally(results), { "200": 1, "401 invalid_client": RACERS - 1 });
    const consumed = await signet.runtime.db("authorization_codes").where({ client_id: rp.clientId }).whereNotNull("consumed_at").count<{ n: number }[]>({ n: "*" });
    t.is(Number(consumed[0]!.n), 1, "the refused requests consumed none of their codes");
    const jti = decodeJwt(assertion).jti!;
    const replay = await signet.runtime.db("replay_entries").where({ kind: "assertion_jti", value_hash: hashSecret(`${rp.clientId}\n${jti}`) }).count<{ n: number }[]>({ n: "*" });
    t.is(Number(replay[0]!.n), 1, "the jti is recorded once, by hash");
  });
}
