import test from "ava";
import { databaseTargets, type DatabaseTarget } from "../helpers/databases.js";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { freshNonce, issuanceLog, postCredential, proofJwt } from "./http-client.js";
import { authorizeWallet, createWallet } from "./wallet.js";

const targets: DatabaseTarget[] = await databaseTargets();
const log = issuanceLog();
const started = new Map<string, SignetUnderTest>();
/** One Signet per database engine, shared by that engine's tests (they run serially). */
async function signetOn(target: DatabaseTarget): Promise<SignetUnderTest> {
  let signet = started.get(target.name);
  if (!signet) started.set(target.name, (signet = await startSignet({ db: await target.migrated(), logger: log.logger })));
  return signet;
}
test.after.always(async () => {
  for (const signet of started.values()) await signet.stop();
  for (const target of targets) await target.dispose();
});
const SD_JWT = "NationalIdCredential_dc_sd_jwt";

const RACERS = 20;

for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  test.serial(`${target.name}: ${RACERS} concurrent credential requests with the same nonce get exactly one credential`, async (t) => {
    const signet = await signetOn(target);
    const before = log.issued();
    const wallet = await createWallet(signet);
    const token = (await authorizeWallet(signet, wallet, "national_id_vc_sd_jwt")).accessTokenResponse.access_token;
    const nonce = await freshNonce(signet.issuer);
    // Distinct, individually valid proofs (each its own holder key) that all carry the one nonce.
    const proofs = await Promise.all(
      Array.from({ length: RACERS }, () => proofJwt({ issuer: signet.issuer, clientId: wallet.client.clientId, nonce })),
    );
    const answers = await Promise.all(proofs.map((p) => postCredential(signet.issuer, token, { credential_configuration_id: SD_JWT, proofs: { jwt: [p.jwt] } })));
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status !== 200);
    t.is(won.length, 1, JSON.stringify(answers.map((a) => [a.status, a.body.error, a.body.error_description])));
    t.is((won[0]?.body.credentials as unknown[] | undefined)?.length, 1);
    t.deepEqual([...new Set(lost.map((a) => `${a.status} ${String(a.body.error)}`))], ["400 invalid_nonce"]);
    t.true(lost.every((a) => !("credentials" in a.body)));
    t.is(log.issued() - before, 1, "the issuer logged exactly one credential.issued");
  });

  test.serial(`${target.name}: a batch refused for one used nonce consumes none: its fresh nonce still works after the rollback`, async (t) => {
    const signet = await signetOn(target);
    const wallet = await createWallet(signet);
    const token = (await authorizeWallet(signet, wallet, "national_id_vc_sd_jwt")).accessTokenResponse.access_token;
    const proof = async (nonce: string) => (await proofJwt({ issuer: signet.issuer, clientId: wallet.client.clientId, nonce })).jwt;
    const used = await freshNonce(signet.issuer);
    t.is((await postCredential(signet.issuer, token, { credential_configuration_id: SD_JWT, proofs: { jwt: [await proof(used)] } })).status, 200);
    const fresh = await freshNonce(signet.issuer);
    const before = log.issued();
    // The fresh nonce comes first, so it is consumed before the used one is refused.
    const batch = await postCredential(signet.issuer, token, { credential_configuration_id: SD_JWT, proofs: { jwt: [await proof(fresh), await proof(used)] } });
    t.is(batch.status, 400, JSON.stringify(batch.body));
    t.is(batch.body.error, "invalid_nonce");
    t.false("credentials" in batch.body);
    t.is(log.issued(), before, "nothing issued");
    const retry = await postCredential(signet.issuer, token, { credential_configuration_id: SD_JWT, proofs: { jwt: [await proof(fresh)] } });
    t.is(retry.status, 200, JSON.stringify(retry.body));
    t.is((retry.body.credentials as unknown[]).length, 1);
  });
}
