/**
 * AdminService client registry over real gRPC: the admin credential, refusals that name
 * the field (signet.v1.ErrorDetail), and that a refused call stores nothing.
 */
import test from "ava";
import { Code } from "@connectrpc/connect";
import { exportJWK, generateKeyPair } from "jose";
import { ClientStatus, UserinfoResponseType } from "../../src/gen/signet/v1/admin_pb.js";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { pkcePair } from "../helpers/pkce.js";
import { adminClient, newClientId, newRp, refusal, type AdminClient } from "./rpc.js";

let signet: SignetUnderTest;
let admin: AdminClient;
test.before(async () => {
  signet = await startSignet();
  admin = signet.admin;
});
test.after.always(async () => {
  await signet?.stop();
});

/** Asserts that no client with `clientId` is stored, by GetClient and by ListClients. */
async function assertNotStored(t: { is: (a: unknown, b: unknown, m?: string) => void; false: (a: boolean, m?: string) => void }, clientId: string) {
  const { err } = await refusal(admin.getClient({ clientId }));
  t.is(err.code, Code.NotFound, "GetClient finds nothing");
  const ids: string[] = [];
  let pageToken = "";
  do {
    const page = await admin.listClients({ pageSize: 1000, pageToken });
    ids.push(...page.clients.map((c) => c.clientId));
    pageToken = page.nextPageToken;
  } while (pageToken);
  t.false(ids.includes(clientId), "ListClients does not list it");
}

test("CreateClient without the admin credential is UNAUTHENTICATED and stores nothing", async (t) => {
  const rp = await newRp();
  const { err, detail } = await refusal(adminClient(signet.coreUrl).createClient({ client: rp.client }));
  t.is(err.code, Code.Unauthenticated);
  t.is(detail?.error, "unauthenticated");
  await assertNotStored(t, rp.clientId);
});

test("CreateClient with a wrong admin token is UNAUTHENTICATED and stores nothing", async (t) => {
  const rp = await newRp();
  const { err } = await refusal(adminClient(signet.coreUrl, `${signet.adminToken}x`).createClient({ client: rp.client }));
  t.is(err.code, Code.Unauthenticated);
  await assertNotStored(t, rp.clientId);
});

test("every AdminService read is refused without the admin credential", async (t) => {
  const anon = adminClient(signet.coreUrl);
  for (const call of [anon.listClients({}), anon.getClient({ clientId: "x" }), anon.listSigningKeys({})]) {
    t.is((await refusal(call)).err.code, Code.Unauthenticated);
  }
});

test("CreateClient with the admin credential stores an ACTIVE client readable by GetClient", async (t) => {
  const rp = await newRp();
  const created = await admin.createClient({ client: rp.client });
  t.is(created.client?.clientId, rp.clientId);
  t.is(created.client?.status, ClientStatus.ACTIVE);
  const { client } = await admin.getClient({ clientId: rp.clientId });
  t.is(client?.status, ClientStatus.ACTIVE);
  t.deepEqual(client?.redirectUris, [rp.redirectUri]);
  t.deepEqual(client?.publicKey, rp.publicJwk as never);
  t.deepEqual(client?.grantTypes, ["authorization_code"]);
  t.deepEqual(client?.tokenEndpointAuthMethods, ["private_key_jwt"]);
  t.truthy(client?.createTime);
});

test("refuses a JWK with private members, naming public_key, and stores nothing", async (t) => {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const rp = await newRp({ publicKey: (await exportJWK(privateKey)) as never });
  const { err, detail } = await refusal(admin.createClient({ client: rp.client }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "public_key");
  t.is(detail?.error, "invalid_public_key");
  t.regex(detail?.errorDescription ?? "", /private members.*\bd\b/);
  await assertNotStored(t, rp.clientId);
});

test("refuses an http redirect URI on a public host, naming redirect_uris, and stores nothing", async (t) => {
  const rp = await newRp({ redirectUris: ["http://rp.example.org/callback"] });
  const { err, detail } = await refusal(admin.createClient({ client: rp.client }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "redirect_uris");
  t.is(detail?.error, "invalid_redirect_uri");
  await assertNotStored(t, rp.clientId);
});

test("accepts an http redirect URI on a loopback host", async (t) => {
  const rp = await newRp({ redirectUris: ["http://127.0.0.1:8080/cb"] });
  const { client } = await admin.createClient({ client: rp.client });
  t.deepEqual(client?.redirectUris, ["http://127.0.0.1:8080/cb"]);
});

test("refuses userinfo JWE without an encryption key, naming encryption_public_key, and stores nothing", async (t) => {
  const rp = await newRp({ userinfoResponseType: UserinfoResponseType.JWE });
  const { err, detail } = await refusal(admin.createClient({ client: rp.client }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "encryption_public_key");
  await assertNotStored(t, rp.clientId);
});

test("refuses a duplicate client id with ALREADY_EXISTS naming client_id, keeping the first client", async (t) => {
  const first = await newRp();
  await admin.createClient({ client: first.client });
  const second = await newRp({ clientId: first.clientId, name: "Impostor" });
  const { err, detail } = await refusal(admin.createClient({ client: second.client }));
  t.is(err.code, Code.AlreadyExists);
  t.is(detail?.field, "client_id");
  t.is(detail?.error, "duplicate_client_id");
  const { client } = await admin.getClient({ clientId: first.clientId });
  t.is(client?.name, first.client.name as string);
  t.deepEqual(client?.publicKey, first.publicJwk as never);
});

test("refuses a second client with an already registered public key, naming public_key", async (t) => {
  const first = await newRp();
  await admin.createClient({ client: first.client });
  const second = await newRp({ publicKey: first.publicJwk as never });
  const { err, detail } = await refusal(admin.createClient({ client: second.client }));
  t.is(err.code, Code.AlreadyExists);
  t.is(detail?.field, "public_key");
  await assertNotStored(t, second.clientId);
});

test("UpdateClient replaces only the masked fields and keeps the rest", async (t) => {
  const rp = await newRp();
  await admin.createClient({ client: rp.client });
  const { client } = await admin.updateClient({
    client: { clientId: rp.clientId, name: "Renamed", redirectUris: ["https://other.example.org/cb"] },
    updateMask: { paths: ["redirect_uris"] },
  });
  t.deepEqual(client?.redirectUris, ["https://other.example.org/cb"]);
  t.is(client?.name, rp.client.name as string, "name was not in the mask");
  const stored = (await admin.getClient({ clientId: rp.clientId })).client;
  t.deepEqual(stored?.redirectUris, ["https://other.example.org/cb"]);
  t.is(stored?.name, rp.client.name as string);
});

test("UpdateClient refuses to change public_key (immutable), naming update_mask, and changes nothing", async (t) => {
  const rp = await newRp();
  await admin.createClient({ client: rp.client });
  const other = await newRp();
  const { err, detail } = await refusal(admin.updateClient({ client: { clientId: rp.clientId, publicKey: other.publicJwk as never }, updateMask: { paths: ["public_key"] } }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "update_mask");
  t.deepEqual((await admin.getClient({ clientId: rp.clientId })).client?.publicKey, rp.publicJwk as never);
});

test("UpdateClient refuses an invalid new value, naming the field, and keeps the stored value", async (t) => {
  const rp = await newRp();
  await admin.createClient({ client: rp.client });
  const { err, detail } = await refusal(admin.updateClient({ client: { clientId: rp.clientId, redirectUris: ["https://rp.example.org/cb#frag"] }, updateMask: { paths: ["redirect_uris"] } }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "redirect_uris");
  t.deepEqual((await admin.getClient({ clientId: rp.clientId })).client?.redirectUris, [rp.redirectUri]);
});

test("UpdateClient of an unknown client is NOT_FOUND", async (t) => {
  const { err } = await refusal(admin.updateClient({ client: { clientId: newClientId("missing"), name: "x" }, updateMask: { paths: ["name"] } }));
  t.is(err.code, Code.NotFound);
});

test("GetClient of an unknown id is NOT_FOUND naming client_id", async (t) => {
  const { err, detail } = await refusal(admin.getClient({ clientId: newClientId("missing") }));
  t.is(err.code, Code.NotFound);
  t.is(detail?.field, "client_id");
});

test("ListClients pages through every client in client-id order with page tokens", async (t) => {
  const prefix = newClientId("page");
  const ids = ["a", "b", "c", "d", "e"].map((s) => `${prefix}-${s}`);
  for (const clientId of [...ids].reverse()) await admin.createClient({ client: (await newRp({ clientId })).client });
  const seen: string[] = [];
  const pageSizes: number[] = [];
  let pageToken = "";
  do {
    const page = await admin.listClients({ pageSize: 2, pageToken });
    t.true(page.clients.length <= 2);
    pageSizes.push(page.clients.length);
    seen.push(...page.clients.map((c) => c.clientId));
    pageToken = page.nextPageToken;
  } while (pageToken);
  t.deepEqual([...seen].sort(), seen, "ordered by client id");
  t.is(new Set(seen).size, seen.length, "no client repeated across pages");
  t.deepEqual(seen.filter((id) => id.startsWith(prefix)), ids);
  t.true(pageSizes.length >= 3);
});

test("ListClients refuses a forged page token, naming page_token", async (t) => {
  const { err, detail } = await refusal(admin.listClients({ pageSize: 2, pageToken: "not a token!" }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "page_token");
});

test("an INACTIVE client is refused at Authorize with invalid_client, and accepted again once re-activated", async (t) => {
  const rp = await newRp();
  await admin.createClient({ client: rp.client });
  const authorize = () =>
    signet.identity.authorize({
      clientId: rp.clientId,
      redirectUri: rp.redirectUri,
      responseType: "code",
      scope: "openid",
      codeChallenge: pkcePair().challenge,
      codeChallengeMethod: "S256",
      acrValues: "mosip:idp:acr:generated-code",
    });
  t.truthy((await authorize()).transaction?.transactionId, "ACTIVE client authorizes (and is now cached)");

  const { client } = await admin.setClientStatus({ clientId: rp.clientId, status: ClientStatus.INACTIVE });
  t.is(client?.status, ClientStatus.INACTIVE);
  t.is((await admin.getClient({ clientId: rp.clientId })).client?.status, ClientStatus.INACTIVE);
  const { err, detail } = await refusal(authorize());
  t.is(err.code, Code.Unauthenticated);
  t.is(detail?.error, "invalid_client");
  t.is(detail?.redirectUri, "", "never redirected");

  await admin.setClientStatus({ clientId: rp.clientId, status: ClientStatus.ACTIVE });
  t.truthy((await authorize()).transaction?.transactionId);
});

test("SetClientStatus refuses UNSPECIFIED naming status, and an unknown client with NOT_FOUND", async (t) => {
  const rp = await newRp();
  await admin.createClient({ client: rp.client });
  const bad = await refusal(admin.setClientStatus({ clientId: rp.clientId, status: ClientStatus.UNSPECIFIED }));
  t.is(bad.err.code, Code.InvalidArgument);
  t.is(bad.detail?.field, "status");
  t.is((await admin.getClient({ clientId: rp.clientId })).client?.status, ClientStatus.ACTIVE);
  t.is((await refusal(admin.setClientStatus({ clientId: newClientId("missing"), status: ClientStatus.INACTIVE }))).err.code, Code.NotFound);
});

test("UpdateClient with an empty mask replaces every mutable field but keeps client_id and public_key", async (t) => {
  const rp = await newRp();
  await admin.createClient({ client: rp.client });
  const other = await newRp();
  const { client } = await admin.updateClient({
    client: { ...other.client, clientId: rp.clientId, name: "All new", redirectUris: ["https://new.example.org/cb"], allowedClaims: ["email"], status: ClientStatus.INACTIVE } as never,
  });
  t.is(client?.name, "All new");
  t.deepEqual(client?.redirectUris, ["https://new.example.org/cb"]);
  t.deepEqual(client?.allowedClaims, ["email"]);
  t.is(client?.status, ClientStatus.INACTIVE);
  const stored = (await admin.getClient({ clientId: rp.clientId })).client;
  t.deepEqual(stored?.publicKey, rp.publicJwk as never, "public_key is immutable");
  t.is(stored?.name, "All new");
  t.is(stored?.status, ClientStatus.INACTIVE);
});

test("ListClients refuses a page size above 1000, naming page_size", async (t) => {
  const { err, detail } = await refusal(admin.listClients({ pageSize: 1001 }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "page_size");
});

test("a client id tried at Authorize before it was registered is usable as soon as CreateClient returns (the cached miss is evicted)", async (t) => {
  const rp = await newRp();
  const authorize = () =>
    signet.identity.authorize({
      clientId: rp.clientId,
      redirectUri: rp.redirectUri,
      responseType: "code",
      scope: "openid",
      codeChallenge: pkcePair().challenge,
      codeChallengeMethod: "S256",
      acrValues: "mosip:idp:acr:generated-code",
    });
  const { detail } = await refusal(authorize());
  t.is(detail?.error, "invalid_client", "unknown before registration");

  await admin.createClient({ client: rp.client });
  t.truthy((await authorize()).transaction?.transactionId, "known right after registration, not 30 s later");
});

test("UpdateClient refuses to change relying_party_id (the pairwise sector), naming it, and changes nothing", async (t) => {
  const rp = await newRp({ relyingPartyId: "sector-a" });
  const created = await admin.createClient({ client: rp.client });
  const { err, detail } = await refusal(admin.updateClient({ client: { ...created.client!, relyingPartyId: "sector-b" }, updateMask: { paths: ["relying_party_id"] } }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "update_mask");
  t.regex(detail?.errorDescription ?? "", /relying_party_id/);
  t.is((await admin.getClient({ clientId: rp.clientId })).client?.relyingPartyId, "sector-a");
  // An update of every mutable field leaves the sector as it was.
  const all = await admin.updateClient({ client: { ...created.client!, relyingPartyId: "sector-c", name: "Renamed" } });
  t.is(all.client?.name, "Renamed");
  t.is(all.client?.relyingPartyId, "sector-a");
});
