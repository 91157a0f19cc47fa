import test from "ava";
import { databaseTargets, type DatabaseTarget } from "../helpers/databases.js";
import { startSignet } from "../helpers/signet.js";
import { freshNonce, issuanceLog, postCredential, proofJwt } from "./http-client.js";
import { authorizeWallet, createWallet } from "./wallet.js";

const targets: DatabaseTarget[] = await databaseTargets();
test.after.always(async () => {
  for (const target of targets) await target.dispose();
});

const RACERS = 20;

for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  test.serial(`${target.name}: ${RACERS} concurrent credential requests with the same nonce get exactly one credential`, async (t) => {
    const log = issuanceLog();
    const signet = await startSignet({ db: await target.migrated(), logger: log.logger });
    try {
      const wallet = await createWallet(signet);
      const token = (await authorizeWallet(signet, wallet, "national_id_vc_sd_jwt")).accessTokenResponse.access_token;
      const nonce = await freshNonce(signet.issuer);
      // Distinct, individually valid proofs (each its own holder key) that all carry the one nonce.
      const proofs = await Promise.all(
        Array.from({ length: RACERS }, () => proofJwt({ issuer: signet.issuer, clientId: wallet.client.clientId, nonce })),
      );
      const answers = await Promise.all(
        proofs.map((p) => postCredential(signet.issuer, token, { credential_configuration_id: "NationalIdCredential_dc_sd_jwt", proofs: { jwt: [p.jwt] } })),
      );
      const won = answers.filter((a) => a.status === 200);
      const lost = answers.filter((a) => a.status !== 200);
      t.is(won.length, 1, JSON.stringify(answers.map((a) => [a.status, a.body.error, a.body.error_description])));
      t.is((won[0]?.body.credentials as unknown[] | undefined)?.length, 1);
      t.deepEqual([...new Set(lost.map((a) => `${a.status} ${String(a.body.error)}`))], ["400 invalid_nonce"]);
      t.true(lost.every((a) => !("credentials" in a.body)));
      t.is(log.issued(), 1, "the issuer logged exactly one credential.issued");
    } finally {
      await signet.stop();
    }
  });
}
