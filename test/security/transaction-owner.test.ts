/**
 * A transaction belongs to the caller that created it, over grpc-js: another caller who
 * learns its id and CSRF token — even one bound to the same client, or the gateway — cannot
 * read, advance or deny it, and its refusals spend none of the owner's attempts.
 */
import test from "ava";
import { ConnectError } from "@connectrpc/connect";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";
import type { RegisteredClient, SignetUnderTest } from "../helpers/signet.js";
import { clientAs, startWithCallers } from "./callers.js";

const BOUND = "bound-rp";
let signet: SignetUnderTest;
let rp: RegisteredClient;
test.before(async () => {
  signet = await startWithCallers(BOUND);
  rp = await signet.registerClient({ clientId: BOUND });
});
test.after.always(async () => {
  await signet?.stop();
});

const refusedAs = async (t: import("ava").ExecutionContext, call: Promise<unknown>, message: RegExp) => {
  const err = ConnectError.from(await t.throwsAsync(call));
  t.is(err.code, 7, err.rawMessage);
  t.regex(err.rawMessage, message);
};

test("a second caller cannot read, send an OTP on, authenticate, deny or issue a code on another caller's transaction", async (t) => {
  const owner = clientAs(signet, IdentityService, "kiosk");
  const { verifier, challenge } = pkcePair();
  const { transaction } = await owner.authorize({ clientId: BOUND, redirectUri: rp.redirectUri, responseType: "code", scope: "openid profile", codeChallenge: challenge, codeChallengeMethod: "S256", acrValues: "mosip:idp:acr:generated-code" });
  const at = { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
  const otp = { challenges: [{ challenge: { case: "otp" as const, value: "111111" } }] };

  for (const who of ["otherKiosk", "gateway"] as const) {
    const intruder = clientAs(signet, IdentityService, who);
    await refusedAs(t, intruder.getTransaction(at), /^GetTransaction: the transaction belongs to another caller$/);
    await refusedAs(t, intruder.sendOtp({ ...at, individualId: "8267411571" }), /^SendOtp: /);
    await refusedAs(t, intruder.authenticate({ ...at, individualId: "8267411571", ...otp }), /^Authenticate: /);
    await refusedAs(t, intruder.denyAuthorization(at), /^DenyAuthorization: /);
  }

  // The owner is unaffected: every step still works, with all its attempts.
  const view = await owner.sendOtp({ ...at, individualId: "8267411571" });
  t.truthy(view);
  await owner.authenticate({ ...at, individualId: "8267411571", ...otp });
  await refusedAs(t, clientAs(signet, IdentityService, "otherKiosk").issueCode({ ...at, acceptedClaims: ["name"] }), /^IssueCode: the transaction belongs to another caller$/);
  const { code } = await owner.issueCode({ ...at, acceptedClaims: ["name"] });

  // A caller bound to another client cannot redeem the code, and its attempt does not spend it.
  const exchange = async (who: "stranger" | "kiosk") =>
    clientAs(signet, IdentityService, who).exchangeToken({
      grantType: "authorization_code", code, redirectUri: rp.redirectUri, codeVerifier: verifier,
      clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      clientAssertion: await clientAssertion(rp, `${signet.issuer}/token`),
    });
  await refusedAs(t, exchange("stranger"), /^ExchangeToken: caller kiosk-3 is not bound to client bound-rp$/);
  const tokens = await exchange("kiosk");
  t.truthy(tokens.idToken);
  await refusedAs(t, clientAs(signet, IdentityService, "stranger").getUserInfo({ accessToken: tokens.accessToken }), /^GetUserInfo: caller kiosk-3 is not bound to client bound-rp$/);
  t.regex((await clientAs(signet, IdentityService, "kiosk").getUserInfo({ accessToken: tokens.accessToken })).body, /^ey/);
});

test("a transaction opened by the gateway is the gateway's: a direct caller cannot advance it", async (t) => {
  const gateway = clientAs(signet, IdentityService, "gateway");
  const { challenge } = pkcePair();
  const { transaction } = await gateway.authorize({ clientId: BOUND, redirectUri: rp.redirectUri, responseType: "code", scope: "openid", codeChallenge: challenge, codeChallengeMethod: "S256", acrValues: "mosip:idp:acr:generated-code" });
  const at = { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
  await refusedAs(t, clientAs(signet, IdentityService, "kiosk").sendOtp({ ...at, individualId: "8267411571" }), /^SendOtp: the transaction belongs to another caller$/);
  t.truthy(await gateway.sendOtp({ ...at, individualId: "8267411571" }));
});
