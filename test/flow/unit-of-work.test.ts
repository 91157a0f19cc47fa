/**
 * Each step's writes commit together or not at all (one unit of work per RPC), on sqlite and on
 * PostgreSQL, through Connect's router transport. A real store failure is injected with a
 * database trigger that refuses one table's inserts, so nothing is monkey-patched: IssueCode
 * leaves no half-issued code or consent and the transaction still authenticated; ExchangeToken
 * leaves its code unspent and its transaction code_issued, so the client can simply retry.
 */
import test from "ava";
import type { ExecutionContext } from "ava";
import { hashSecret } from "../../src/core/secrets.js";
import type { Database } from "../../src/storage/index.js";
import { clientAssertion } from "../helpers/assertion.js";
import { startCore, type CoreUnderTest } from "../helpers/core.js";
import { databaseTargets } from "../helpers/databases.js";
import { pkcePair } from "../helpers/pkce.js";

const INDIVIDUAL = { id: "8267411571", pin: "545411" };
const targets = await databaseTargets();
test.after.always(async () => {
  for (const target of targets) await target.dispose();
});

/** Makes every insert into `table` fail until the returned function is called. */
async function refuseInserts(db: Database, postgres: boolean, table: string): Promise<() => Promise<void>> {
  const name = `refuse_${table}`;
  if (postgres) {
    await db.raw("CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql");
    await db.raw(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_write()`);
    return async () => void (await db.raw(`DROP TRIGGER ${name} ON ${table}`));
  }
  await db.raw(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
  return async () => void (await db.raw(`DROP TRIGGER ${name}`));
}

async function authenticated(core: CoreUnderTest, scope: string) {
  const rp = await core.registerClient();
  const pkce = pkcePair();
  const { transaction } = await core.identity.authorize({
    clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope,
    codeChallenge: pkce.challenge, codeChallengeMethod: "S256", acrValues: "mosip:idp:acr:static-code",
  });
  const ids = { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
  const authed = await core.identity.authenticate({ ...ids, individualId: INDIVIDUAL.id, challenges: [{ challenge: { case: "pin", value: INDIVIDUAL.pin } }] });
  return { rp, pkce, ids, consentRequired: authed.transaction!.consentRequired };
}

const stateOf = async (core: CoreUnderTest, id: string) => (await core.runtime.storage.transactions.get(id))?.state;
const codesOf = async (core: CoreUnderTest, id: string) => Number((await core.runtime.db("authorization_codes").where({ transaction_id: id }).count<{ n: number }[]>({ n: "*" }))[0]!.n);

for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  const postgres = target.name === "postgres";
  let core: CoreUnderTest;
  test.before(async () => {
    core = await startCore({ db: await target.migrated() });
  });
  test.after.always(() => core?.stop());

  const issueCodeCase = (table: string, scope: string) => async (t: ExecutionContext) => {
    const { ids, consentRequired } = await authenticated(core, scope);
    t.is(consentRequired, table === "consents", "a consent is stored exactly when the consent page was needed");
    const allow = await refuseInserts(core.runtime.db, postgres, table);
    try {
      await t.throwsAsync(core.identity.issueCode({ ...ids, acceptedClaims: ["email"] }));
    } finally {
      await allow();
    }
    t.is(await stateOf(core, ids.transactionId), "authenticated", "not left code_issued without a code");
    t.is(await codesOf(core, ids.transactionId), 0, "no code stored");
    t.is((await core.runtime.db("consents").count<{ n: number }[]>({ n: "*" }))[0]!.n, 0, "no consent stored");

    const retry = await core.identity.issueCode({ ...ids, acceptedClaims: ["email"] });
    t.truthy(retry.code);
    t.is(await stateOf(core, ids.transactionId), "code_issued");
    t.is(await codesOf(core, ids.transactionId), 1);
    await core.runtime.db("consents").delete();
  };

  test.serial(`${target.name}: when the code cannot be stored, IssueCode writes nothing and the resident can submit again`, issueCodeCase("authorization_codes", "openid"));
  test.serial(`${target.name}: when the consent cannot be stored, IssueCode writes nothing and the resident can submit again`, issueCodeCase("consents", "openid email"));

  test.serial(`${target.name}: of concurrent IssueCode calls on one transaction exactly one stores a code and a consent; the others write nothing`, async (t) => {
    const { ids, consentRequired } = await authenticated(core, "openid email");
    t.true(consentRequired);
    const consentsBefore = Number((await core.runtime.db("consents").count<{ n: number }[]>({ n: "*" }))[0]!.n);
    const settled = await Promise.allSettled(Array.from({ length: 8 }, () => core.identity.issueCode({ ...ids, acceptedClaims: ["email"] })));
    const won = settled.filter((s) => s.status === "fulfilled");
    t.is(won.length, 1, "one call issues the code");
    for (const s of settled) {
      if (s.status === "rejected") t.regex(String((s.reason as Error).message), /already issued/, "the others are told a code was already issued");
    }
    t.is(await codesOf(core, ids.transactionId), 1, "one code stored: the losers' inserts were rolled back");
    const stored = await core.runtime.db("authorization_codes").where({ transaction_id: ids.transactionId }).first("code_hash");
    t.is(stored?.code_hash, hashSecret((won[0] as PromiseFulfilledResult<{ code: string }>).value.code), "the stored code is the one returned");
    t.is(Number((await core.runtime.db("consents").count<{ n: number }[]>({ n: "*" }))[0]!.n), consentsBefore + 1, "one consent stored");
    t.is(await stateOf(core, ids.transactionId), "code_issued");
    await core.runtime.db("consents").delete();
  });

  test.serial(`${target.name}: when the access token cannot be stored, ExchangeToken leaves the code unspent and the client can retry`, async (t) => {
    const { rp, pkce, ids } = await authenticated(core, "openid");
    const { code } = await core.identity.issueCode(ids);
    const exchange = async () =>
      core.identity.exchangeToken({
        grantType: "authorization_code", code, redirectUri: rp.redirectUri, codeVerifier: pkce.verifier, clientId: rp.clientId,
        clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        clientAssertion: await clientAssertion(rp, `${core.config.issuer}/token`),
      });
    const allow = await refuseInserts(core.runtime.db, postgres, "issued_tokens");
    try {
      await t.throwsAsync(exchange());
    } finally {
      await allow();
    }
    const row = await core.runtime.db("authorization_codes").where({ code_hash: hashSecret(code) }).first("consumed_at");
    t.is(row?.consumed_at, null, "the code is not spent");
    t.is(await stateOf(core, ids.transactionId), "code_issued");

    const tokens = await exchange();
    t.truthy(tokens.accessToken);
    t.is(await stateOf(core, ids.transactionId), "exchanged");
  });
}
