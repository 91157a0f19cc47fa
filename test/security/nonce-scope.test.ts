/**
 * OIDC Core §15.5.2: a nonce is refused when reused — by the same client. Replay records are keyed
 * by client, so one client (or an attacker registered as one) cannot burn the nonce another client's
 * relying party chose, and a refused reuse opens no transaction. Checked on sqlite and PostgreSQL,
 * through the real core over gRPC.
 */
import test from "ava";
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { databaseTargets, type DatabaseTarget } from "../helpers/databases.js";
import { pkcePair } from "../helpers/pkce.js";
import { startSignet, type RegisteredClient } from "../helpers/signet.js";

const targets: DatabaseTarget[] = await databaseTargets();
test.after.always(async () => {
  for (const target of targets) await target.dispose();
});

const request = (rp: RegisteredClient, nonce: string) => ({
  clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid", state: "s", nonce,
  codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256",
});

for (const target of targets) {
  test(`${target.name}: two clients may use the same nonce; the same client may not reuse it`, async (t) => {
    const signet = await startSignet({ db: await target.fresh() });
    t.teardown(() => signet.stop());
    const [a, b] = [await signet.registerClient(), await signet.registerClient()];
    const nonce = "n-0S6_WzA2Mj";
    await signet.identity.authorize(request(a, nonce));
    const replays = async () => Number((await signet.runtime.db("replay_entries").count({ n: "*" }))[0]?.n);
    t.is(await replays(), 1);
    const other = await signet.identity.authorize(request(b, nonce));
    t.truthy(other.transaction?.transactionId, "another client's nonce does not collide");
    t.is(await replays(), 2);
    const err = ConnectError.from(await t.throwsAsync(signet.identity.authorize(request(a, nonce))));
    t.is(err.code, Code.InvalidArgument);
    t.like(err.findDetails(ErrorDetailSchema)[0], { error: "invalid_request", field: "nonce", errorDescription: "nonce: has already been used" });
    t.is(await replays(), 2, "the refused reuse stored nothing");
    const transactions = Number((await signet.runtime.db("transactions").count({ n: "*" }))[0]?.n);
    t.is(transactions, 2, "and opened no transaction (its insert, issued with the nonce's, was rolled back)");
  });
}
