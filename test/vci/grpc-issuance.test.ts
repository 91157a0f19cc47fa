import test from "ava";
import { Code, ConnectError } from "@connectrpc/connect";
import { SignJWT, exportJWK, generateKeyPair, decodeJwt } from "jose";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { didJwkFromJwk } from "../../src/vc/keys/did-jwk.js";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";
import { errorDetail, grpcJsIdentityClient } from "../helpers/grpc-js-client.js";
import { status as grpcStatus } from "@grpc/grpc-js";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { ClientStatus, KeyPurpose } from "../../src/gen/signet/v1/admin_pb.js";

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet();
});
test.after.always(async () => {
  await signet?.stop();
});

async function walletToken(scope: string) {
  const wallet = await signet.registerClient({ redirectUri: "io.example.wallet:/callback", allowedClaims: [] });
  const { verifier, challenge } = pkcePair();
  const { transaction: tx } = await signet.identity.authorize({
    clientId: wallet.clientId, redirectUri: wallet.redirectUri, responseType: "code", scope,
    codeChallenge: challenge, codeChallengeMethod: "S256", resource: [signet.issuer],
  });
  await signet.identity.authenticate({
    transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, individualId: "8267411571",
    challenges: [{ challenge: { case: "pin", value: "545411" } }],
  });
  const code = await signet.identity.issueCode({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken });
  const tokens = await signet.identity.exchangeToken({
    grantType: "authorization_code", code: code.code, redirectUri: wallet.redirectUri, codeVerifier: verifier,
    clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    clientAssertion: await clientAssertion(wallet, `${signet.issuer}/token`),
  });
  return { wallet, tokens };
}

async function proof(clientId: string, nonce: string, aud = signet.issuer) {
  const holder = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(holder.publicKey);
  const jwt = await new SignJWT({ aud, nonce, iss: clientId, iat: Math.floor(Date.now() / 1000) })
    .setProtectedHeader({ alg: "ES256", typ: "openid4vci-proof+jwt", jwk })
    .sign(holder.privateKey);
  return { jwt, jwk };
}

test("a wallet obtains an SD-JWT VC over gRPC alone: credential scope, token without ID token, c_nonce, proof, credential bound to the holder key", async (t) => {
  const { wallet, tokens } = await walletToken("national_id_vc_sd_jwt");
  t.is(tokens.idToken, "", "no ID token for a credential request");
  t.is(decodeJwt(tokens.accessToken).aud, signet.issuer);
  t.truthy(tokens.cNonce);
  const p = await proof(wallet.clientId, tokens.cNonce);
  const res = await signet.identity.issueCredential({
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_dc_sd_jwt",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  });
  t.is(res.credentials.length, 1);
  const cred = res.credentials[0]!;
  t.is(cred.format, "dc+sd-jwt");
  t.is(cred.credential.case, "compact");
  const issuerJwt = (cred.credential.value as string).split("~")[0]!;
  const claims = decodeJwt(issuerJwt) as { cnf?: { jwk?: { x?: string } }; iss?: string };
  t.is(claims.iss, signet.issuer);
  t.is(claims.cnf?.jwk?.x, p.jwk.x);

  const replay = await t.throwsAsync(signet.identity.issueCredential({
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_dc_sd_jwt",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  }));
  const detail = ConnectError.from(replay).findDetails(ErrorDetailSchema)[0];
  t.is(detail?.error, "invalid_nonce");
  t.truthy(detail?.cNonce, "a fresh c_nonce is offered");
});

test("a wallet obtains a jwt_vc_json credential over gRPC: compact JWS, VCDM 1.1 under vc, subject = holder did:jwk", async (t) => {
  const { wallet, tokens } = await walletToken("national_id_vc_jwt");
  const p = await proof(wallet.clientId, tokens.cNonce);
  const res = await signet.identity.issueCredential({
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_jwt_vc_json",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  });
  t.is(res.credentials.length, 1);
  const cred = res.credentials[0]!;
  t.is(cred.format, "jwt_vc_json");
  t.is(cred.credential.case, "compact");
  const claims = decodeJwt(cred.credential.value as string) as { iss?: string; sub?: string; vc?: { type?: string[]; credentialSubject?: Record<string, unknown> } };
  t.is(claims.iss, signet.issuer);
  t.is(claims.sub, didJwkFromJwk(p.jwk));
  t.deepEqual(claims.vc?.type, ["VerifiableCredential", "NationalIdCredential"]);
  t.is(claims.vc?.credentialSubject?.individual_id, "8267411571");
  t.truthy(res.cNonce, "a fresh c_nonce for the next request");
});

test("a wallet obtains an ldp_vc credential over gRPC: a JSON document with a DataIntegrityProof by <issuer>#<kid>", async (t) => {
  const { wallet, tokens } = await walletToken("national_id_vc_ldp");
  const p = await proof(wallet.clientId, tokens.cNonce);
  const res = await signet.identity.issueCredential({
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_ldp_vc",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  });
  t.is(res.credentials.length, 1);
  const cred = res.credentials[0]!;
  t.is(cred.format, "ldp_vc");
  t.is(cred.credential.case, "json");
  const doc = cred.credential.value as { issuer?: string; credentialSubject?: Record<string, unknown>; proof?: Record<string, unknown> };
  t.is(doc.issuer, signet.issuer);
  t.is(doc.credentialSubject?.id, didJwkFromJwk(p.jwk));
  t.is(doc.credentialSubject?.given_name, "Aisha");
  t.like(doc.proof, { type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", proofPurpose: "assertionMethod" });
  t.true(String(doc.proof?.verificationMethod).startsWith(`${signet.issuer}#`));
});

test("over gRPC, a configuration the token does not cover is PERMISSION_DENIED insufficient_scope and no nonce is spent", async (t) => {
  const { wallet, tokens } = await walletToken("national_id_vc_sd_jwt");
  const p = await proof(wallet.clientId, tokens.cNonce);
  const err = ConnectError.from(await t.throwsAsync(signet.identity.issueCredential({
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_ldp_vc",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  })));
  t.is(err.code, Code.PermissionDenied);
  t.is(err.findDetails(ErrorDetailSchema)[0]?.error, "insufficient_scope");
  const ok = await signet.identity.issueCredential({
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_dc_sd_jwt",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  });
  t.is(ok.credentials.length, 1, "the same proof still works for the covered configuration");
});

test("a plain @grpc/grpc-js client: CreateCredentialNonce then IssueCredential; a reused nonce is INVALID_ARGUMENT invalid_nonce in grpc-status-details-bin", async (t) => {
  const { wallet, tokens } = await walletToken("national_id_vc_sd_jwt");
  const g = grpcJsIdentityClient(signet.coreUrl);
  t.teardown(() => g.close());
  const nonce = await g.call("createCredentialNonce", {});
  t.true(nonce.cNonceExpiresIn > 0n);
  const p = await proof(wallet.clientId, nonce.cNonce);
  const res = await g.call("issueCredential", {
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_dc_sd_jwt",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  });
  t.is(res.credentials.length, 1);
  t.is(res.credentials[0]!.format, "dc+sd-jwt");
  const err = await t.throwsAsync(g.call("issueCredential", {
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_dc_sd_jwt",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  }));
  t.is((err as unknown as { code: number }).code, grpcStatus.INVALID_ARGUMENT);
  const detail = errorDetail(err);
  t.is(detail?.error, "invalid_nonce");
  t.truthy(detail?.cNonce);
});

test("a wallet made INACTIVE gets no more credentials with the access token it already holds (UNAUTHENTICATED invalid_token), as at userinfo", async (t) => {
  const { wallet, tokens } = await walletToken("national_id_vc_sd_jwt");
  await signet.admin.setClientStatus({ clientId: wallet.clientId, status: ClientStatus.INACTIVE });
  const p = await proof(wallet.clientId, tokens.cNonce);
  const err = ConnectError.from(await t.throwsAsync(signet.identity.issueCredential({
    accessToken: tokens.accessToken,
    credentialConfigurationId: "NationalIdCredential_dc_sd_jwt",
    proofs: [{ proofType: "jwt", jwt: p.jwt }],
  })));
  t.is(err.code, Code.Unauthenticated);
  t.is(err.findDetails(ErrorDetailSchema)[0]?.error, "invalid_token");
});

// Serial, so it runs before the other tests. A rotation without a delay asks for the minimum
// one, so the new keys are published and the replaced ones keep signing until it has passed.
test.serial("a replaced credential key stays published as long as the credentials it signed are valid; a token key only as long as tokens live", async (t) => {
  const year = 31_536_000_000;
  const hour = 3_600_000;

  const credential = await signet.admin.rotateSigningKey({ purpose: KeyPurpose.CREDENTIAL, publishDelaySeconds: 0n });
  const activated = timestampMs(credential.keys[0]!.activateTime!);
  // The keys replaced: every listed key the rotation did not create.
  const replaced = (r: { keys: { kid: string }[] }) => (k: { kid: string }) => !r.keys.some((n) => n.kid === k.kid);
  const previous = (await signet.admin.listSigningKeys({ purpose: KeyPurpose.CREDENTIAL })).keys.filter(replaced(credential));
  t.true(previous.length > 0);
  for (const k of previous) t.is(timestampMs(k.retireTime!) - activated, year, `${k.alg} retires after the credential validity`);

  const token = await signet.admin.rotateSigningKey({ purpose: KeyPurpose.TOKEN, publishDelaySeconds: 0n });
  const tokenActivated = timestampMs(token.keys[0]!.activateTime!);
  const previousToken = (await signet.admin.listSigningKeys({ purpose: KeyPurpose.TOKEN })).keys.filter(replaced(token));
  t.true(previousToken.length > 0);
  for (const k of previousToken) t.is(timestampMs(k.retireTime!) - tokenActivated, hour, `${k.alg} retires after the token lifetime`);
});
