import test from "ava";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { freshNonce, issuanceLog, postCredential, proofJwt } from "./http-client.js";
import { authorizeWallet, createWallet, type Wallet } from "./wallet.js";

// Time is injected: the core reads this clock, so a nonce can outlive its lifetime without sleeping.
let offsetMs = 0;
const clock = () => Date.now() + offsetMs;
const C_NONCE_SECONDS = 60;

let signet: SignetUnderTest;
let wallet: Wallet;
let token: string;
const log = issuanceLog();

test.before(async () => {
  signet = await startSignet({ clock, logger: log.logger, overrides: { vci: { cNonceSeconds: C_NONCE_SECONDS } } });
  wallet = await createWallet(signet);
  token = (await authorizeWallet(signet, wallet, "national_id_vc_sd_jwt")).accessTokenResponse.access_token;
});
test.after.always(async () => {
  await signet?.stop();
});

/** A proof whose iat is the core's now, so only the nonce's age is in question. */
const proofAtCoreTime = (nonce: string) =>
  proofJwt({ issuer: signet.issuer, clientId: wallet.client.clientId, nonce, claims: { iat: Math.floor(clock() / 1000) } });

test.serial("the nonce endpoint announces the configured lifetime", async (t) => {
  const res = await fetch(`${signet.issuer}/nonce`, { method: "POST" });
  t.is(res.headers.get("cache-control"), "no-store");
  t.is(((await res.json()) as { c_nonce_expires_in: number }).c_nonce_expires_in, C_NONCE_SECONDS);
});

test.serial("a nonce used just inside its lifetime is accepted", async (t) => {
  const nonce = await freshNonce(signet.issuer);
  offsetMs += (C_NONCE_SECONDS - 2) * 1000;
  const answer = await postCredential(signet.issuer, token, { credential_configuration_id: "NationalIdCredential_dc_sd_jwt", proofs: { jwt: [(await proofAtCoreTime(nonce)).jwt] } });
  t.is(answer.status, 200, JSON.stringify(answer.body));
});

test.serial("an expired nonce is invalid_nonce and nothing is issued; the fresh c_nonce offered works", async (t) => {
  const nonce = await freshNonce(signet.issuer);
  offsetMs += (C_NONCE_SECONDS + 1) * 1000;
  const before = log.issued();
  const answer = await postCredential(signet.issuer, token, { credential_configuration_id: "NationalIdCredential_dc_sd_jwt", proofs: { jwt: [(await proofAtCoreTime(nonce)).jwt] } });
  t.is(answer.status, 400);
  t.is(answer.body.error, "invalid_nonce");
  t.false("credentials" in answer.body);
  t.is(log.issued(), before);
  const offered = answer.body.c_nonce as string;
  t.truthy(offered);
  const retry = await postCredential(signet.issuer, token, { credential_configuration_id: "NationalIdCredential_dc_sd_jwt", proofs: { jwt: [(await proofAtCoreTime(offered)).jwt] } });
  t.is(retry.status, 200, JSON.stringify(retry.body));
  t.is(log.issued(), before + 1);
});

test.serial("once the access token has expired the credential endpoint answers 401 invalid_token", async (t) => {
  offsetMs += 3601 * 1000;
  const nonce = await freshNonce(signet.issuer);
  const before = log.issued();
  const answer = await postCredential(signet.issuer, token, { credential_configuration_id: "NationalIdCredential_dc_sd_jwt", proofs: { jwt: [(await proofAtCoreTime(nonce)).jwt] } });
  t.is(answer.status, 401);
  t.is(answer.body.error, "invalid_token");
  t.regex(answer.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
  t.is(log.issued(), before);
});
