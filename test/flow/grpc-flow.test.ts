import test from "ava";
import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { createLocalJWKSet, jwtVerify, decodeJwt } from "jose";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { clientAssertion } from "../helpers/assertion.js";
import { pkcePair } from "../helpers/pkce.js";

/** A plain @grpc/grpc-js client for IdentityService built from the protobuf-es descriptors. */
function grpcJsClient(address: string) {
  const def: grpc.ServiceDefinition = {};
  for (const m of IdentityService.methods) {
    (def as Record<string, grpc.MethodDefinition<unknown, unknown>>)[m.localName] = {
      path: `/${IdentityService.typeName}/${m.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (msg: unknown) => Buffer.from(toBinary(m.input, create(m.input, msg as never))),
      requestDeserialize: (b: Buffer) => fromBinary(m.input, b),
      responseSerialize: (msg: unknown) => Buffer.from(toBinary(m.output, msg as never)),
      responseDeserialize: (b: Buffer) => fromBinary(m.output, b),
    };
  }
  const Ctor = grpc.makeGenericClientConstructor(def, "IdentityService");
  const client = new Ctor(address.replace("http://", ""), grpc.credentials.createInsecure()) as unknown as Record<
    string,
    (req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void
  >;
  return {
    call<I extends DescMessage, O extends DescMessage>(method: string, req: MessageInitShape<I>): Promise<MessageShape<O>> {
      return new Promise((resolve, reject) => client[method]!(req, (err, res) => (err ? reject(err) : resolve(res as MessageShape<O>))));
    },
    close: () => (client as unknown as grpc.Client).close(),
  };
}

let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet();
});
test.after.always(async () => {
  await signet?.stop();
});

test("an internal system logs a resident in over gRPC alone: Authorize → SendOtp → Authenticate → IssueCode → ExchangeToken → GetUserInfo", async (t) => {
  const rp = await signet.registerClient();
  const g = grpcJsClient(signet.coreUrl);
  t.teardown(() => g.close());
  const { verifier, challenge } = pkcePair();
  const authz = await g.call<never, never>("authorize", {
    clientId: rp.clientId,
    redirectUri: rp.redirectUri,
    responseType: "code",
    scope: "openid profile email",
    state: "st-1",
    nonce: "n-grpc-flow",
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    acrValues: "mosip:idp:acr:generated-code",
  } as never) as unknown as { transaction: { transactionId: string; csrfToken: string; authFactorSets: { acr: string }[] } };
  const tx = authz.transaction;
  t.is(tx.authFactorSets[0]?.acr, "mosip:idp:acr:generated-code");

  const sent = (await g.call("sendOtp", { transactionId: tx.transactionId, csrfToken: tx.csrfToken, individualId: "8267411571" } as never)) as unknown as { maskedEmail: string };
  t.truthy(sent.maskedEmail);
  const authed = (await g.call("authenticate", {
    transactionId: tx.transactionId,
    csrfToken: tx.csrfToken,
    individualId: "8267411571",
    challenges: [{ challenge: { case: "otp", value: "111111" } }],
  } as never)) as unknown as { transaction: { consentRequired: boolean } };
  t.true(authed.transaction.consentRequired);

  const code = (await g.call("issueCode", { transactionId: tx.transactionId, csrfToken: tx.csrfToken, acceptedClaims: ["name", "email"] } as never)) as unknown as { code: string; state: string; iss: string; redirectUrl: string };
  t.is(code.state, "st-1");
  t.is(code.iss, signet.issuer);
  t.true(code.redirectUrl.startsWith(`${rp.redirectUri}?code=`));

  const tokens = (await g.call("exchangeToken", {
    grantType: "authorization_code",
    code: code.code,
    redirectUri: rp.redirectUri,
    codeVerifier: verifier,
    clientAssertionType: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    clientAssertion: await clientAssertion(rp, `${signet.issuer}/token`),
  } as never)) as unknown as { accessToken: string; idToken: string; tokenType: string };
  t.is(tokens.tokenType, "Bearer");
  const jwks = (await g.call("getJwks", {} as never)) as unknown as { jwks: { keys: never[] } };
  const keySet = createLocalJWKSet(jwks.jwks as never);
  const { payload: id } = await jwtVerify(tokens.idToken, keySet, { issuer: signet.issuer, audience: rp.clientId });
  t.is(id.nonce, "n-grpc-flow");
  t.is(id.acr, "mosip:idp:acr:generated-code");
  t.deepEqual(id.amr, ["otp"]);
  t.is(decodeJwt(tokens.accessToken).client_id, rp.clientId);

  const info = (await g.call("getUserInfo", { accessToken: tokens.accessToken } as never)) as unknown as { body: string; contentType: string };
  t.is(info.contentType, "application/jwt");
  const { payload: claims } = await jwtVerify(info.body, keySet, { issuer: signet.issuer, audience: rp.clientId });
  t.is(claims.sub, id.sub);
  t.truthy(claims.name);
  t.truthy(claims.email);
  t.is(claims.birthdate, undefined, "only consented claims are released");
});
