import test from "ava";
import { ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { startSignet } from "../helpers/signet.js";
import { pkcePair } from "../helpers/pkce.js";

test("request objects and request_uri are refused by name and redirected to the verified client, not silently ignored (OIDC Core §3.1.2.6)", async (t) => {
  const signet = await startSignet();
  t.teardown(() => signet.stop());
  const rp = await signet.registerClient();
  const base = { clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid", state: "s1", codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256" };
  for (const [field, value, error] of [
    ["request", "eyJhbGciOiJub25lIn0.e30.", "request_not_supported"],
    ["requestUri", "urn:ietf:params:oauth:request_uri:abc", "request_uri_not_supported"],
  ] as const) {
    const err = await t.throwsAsync(signet.identity.authorize({ ...base, [field]: value }));
    const detail = ConnectError.from(err).findDetails(ErrorDetailSchema)[0];
    t.is(detail?.error, error);
    t.is(detail?.redirectUri, rp.redirectUri);
    t.is(detail?.state, "s1");
    t.is(detail?.iss, signet.issuer);
  }
  t.is((await signet.runtime.db("transactions").count({ n: "*" }))[0]?.n, 0, "no transaction was opened");
});
