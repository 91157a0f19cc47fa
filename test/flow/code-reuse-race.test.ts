/**
 * Revoke on reuse without a window, on sqlite and PostgreSQL, through the router transport: 50
 * concurrent redemptions of one code (each with its own valid client assertion) give exactly one
 * set of tokens, and that token ends revoked, because each redemption is one unit of work and a
 * loser's revocation always sees the winner's committed token (RFC 6749 §4.1.2).
 */
import test from "ava";
import { ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { hashSecret } from "../../src/core/secrets.js";
import { clientAssertion } from "../helpers/assertion.js";
import { startCore } from "../helpers/core.js";
import { databaseTargets } from "../helpers/databases.js";
import { pkcePair } from "../helpers/pkce.js";

const RACERS = 50;
const targets = await databaseTargets();
test.after.always(async () => {
  for (const target of targets) await target.dispose();
});

for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  test(`${target.name}: of ${RACERS} concurrent redemptions of one code exactly one gets tokens, and they end revoked`, async (t) => {
    const core = await startCore({ db: await target.migrated() });
    t.teardown(() => core.stop());
    const rp = await core.registerClient();
    const pkce = pkcePair();
    const { transaction } = await core.identity.authorize({
      clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid",
      codeChallenge: pkce.challenge, codeChallengeMethod: "S256", acrValues: "mosip:idp:acr:static-code",
    });
    const ids = { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
    await core.identity.authenticate({ ...ids, individualId: "8267411571", challenges: [{ challenge: { case: "pin", value: "545411" } }] });
    const { code } = await core.identity.issueCode(ids);

    const assertions = await Promise.all(Array.from({ length: RACERS }, () => clientAssertion(rp, `${core.config.issuer}/token`)));
    const outcomes = await Promise.all(
      assertions.map((clientAssertion) =>
        core.identity
          .exchangeToken({
            grantType: "authorization_code", code, redirectUri: rp.redirectUri, codeVerifier: pkce.verifier, clientId: rp.clientId,
            clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", clientAssertion,
          })
          .then(
            () => "tokens",
            (err: unknown) => ConnectError.from(err).findDetails(ErrorDetailSchema)[0]?.error ?? "no detail",
          ),
      ),
    );
    const tally: Record<string, number> = {};
    for (const o of outcomes) tally[o] = (tally[o] ?? 0) + 1;
    t.deepEqual(tally, { tokens: 1, invalid_grant: RACERS - 1 });
    const rows = await core.runtime.db("issued_tokens").where({ code_hash: hashSecret(code) }).select("revoked_at");
    t.is(rows.length, 1, "one access token was issued for the code");
    t.not(rows[0]!.revoked_at, null, "the reused code's token is revoked");
    t.is((await core.runtime.storage.transactions.get(ids.transactionId))?.state, "exchanged");
  });
}
