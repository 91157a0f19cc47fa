/**
 * Pure registration rules, table-style: redirect URIs, client JWKs, whole clients.
 */
import test from "ava";
import { generateKeyPairSync } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { redirectUriViolation } from "../../src/core/rules/redirect-uri-rules.js";
import { privateJwkMembers, publicJwkViolation } from "../../src/core/rules/jwk-rules.js";
import { clientViolation, type ClientInput } from "../../src/core/rules/client-rules.js";

const redirectTable: [uri: string, broken: RegExp | undefined][] = [
  ["https://rp.example.org/callback", undefined],
  ["https://rp.example.org/cb?x=1", undefined],
  ["http://127.0.0.1:8080/cb", undefined],
  ["http://localhost/cb", undefined],
  ["http://[::1]:9000/cb", undefined],
  ["com.example.app:/oauth2redirect", undefined],
  ["http://rp.example.org/callback", /http is allowed only on a loopback host/],
  ["http://10.0.0.1/cb", /loopback/],
  ["https://rp.example.org/cb#frag", /fragment/],
  ["https://*.example.org/cb", /wildcards/],
  ["https://user:pw@rp.example.org/cb", /user information/],
  ["javascript:alert(1)", /scheme javascript: is not allowed/],
  ["data:text/html,hi", /scheme data: is not allowed/],
  ["file:///etc/passwd", /scheme file: is not allowed/],
  ["myapp:/cb", /private-use scheme in reverse-domain form/],
  ["/relative/cb", /absolute URI/],
  ["", /absolute URI/],
];

for (const [uri, broken] of redirectTable) {
  test(`redirect URI ${JSON.stringify(uri)} is ${broken ? `refused (${broken.source})` : "accepted"}`, (t) => {
    const rule = redirectUriViolation(uri);
    if (broken) t.regex(rule ?? "", broken);
    else t.is(rule, undefined);
  });
}

const ecPublic = async (): Promise<JWK> => exportJWK((await generateKeyPair("ES256", { extractable: true })).publicKey);
const ecPrivate = async (): Promise<JWK> => exportJWK((await generateKeyPair("ES256", { extractable: true })).privateKey);
/** One RSA public key per size, made on first use: the rows only read it (an RSA-2048 key costs ~0.2 s of CPU to make). */
const rsaKeys = new Map<number, JWK>();
const rsa = async (bits: number): Promise<JWK> => {
  if (!rsaKeys.has(bits)) rsaKeys.set(bits, generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ format: "jwk" }) as JWK);
  return { ...rsaKeys.get(bits)! };
};

const jwkTable: [name: string, jwk: () => Promise<Record<string, unknown> | undefined>, use: "sig" | "enc", broken: RegExp | undefined][] = [
  ["an EC P-256 public key", ecPublic, "sig", undefined],
  ["an EC P-256 public key with use sig", async () => ({ ...(await ecPublic()), use: "sig" }), "sig", undefined],
  ["an RSA 2048 public key", () => rsa(2048), "sig", undefined],
  ["an RSA 2048 public encryption key with use enc", async () => ({ ...(await rsa(2048)), use: "enc" }), "enc", undefined],
  ["an EC private key (d)", ecPrivate, "sig", /private members are refused \(d\)/],
  ["a symmetric key (k)", async () => ({ kty: "oct", k: "c2VjcmV0" }), "sig", /private members are refused \(k\)/],
  ["an RSA key with p and q", async () => ({ ...(await rsa(2048)), p: "AQAB", q: "AQAB" }), "sig", /private members.*p, q/],
  ["an RSA 1024 key", () => rsa(1024), "sig", /at least 2048 bits/],
  ["an EC key on P-384", async () => ({ ...(await ecPublic()), crv: "P-384" }), "sig", /curve P-256/],
  ["an EC key with a short x", async () => ({ ...(await ecPublic()), x: "AAAA" }), "sig", /32-byte x and y/],
  ["an RSA key without e", async () => { const { e: _e, ...k } = await rsa(2048); return k; }, "sig", /needs e/],
  ["an OKP key", async () => ({ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }), "sig", /kty must be RSA or EC/],
  ["a signing key offered for encryption", async () => ({ ...(await ecPublic()), use: "sig" }), "enc", /use must be "enc"/],
  ["no key", async () => undefined, "sig", /is required/],
  ["an empty object", async () => ({}), "sig", /is required/],
];

for (const [name, make, use, broken] of jwkTable) {
  test(`JWK rule: ${name} (${use}) is ${broken ? "refused" : "accepted"}`, async (t) => {
    const rule = publicJwkViolation(await make(), use);
    if (broken) t.regex(rule ?? "", broken);
    else t.is(rule, undefined);
  });
}

test("JWK rule: every private or symmetric member is on the refused list", (t) => {
  t.deepEqual([...privateJwkMembers].sort(), ["d", "dp", "dq", "k", "oth", "p", "q", "qi"]);
});

let validKey: JWK;
test.before(async () => {
  validKey = await ecPublic();
});

const validClient = (): ClientInput => ({
  clientId: "rp-1",
  name: "Relying Party",
  nameLangmap: { eng: "Relying Party", fra: "Partie" },
  logoUri: "https://rp.example.org/logo.png",
  redirectUris: ["https://rp.example.org/cb"],
  publicKey: validKey as Record<string, unknown>,
  allowedClaims: ["name", "email"],
  acrValues: ["mosip:idp:acr:generated-code"],
  grantTypes: ["authorization_code"],
  tokenEndpointAuthMethods: ["private_key_jwt"],
  userinfoResponseType: "JWS",
  encryptionPublicKey: undefined,
  idTokenSignedResponseAlg: "",
  relyingPartyId: "",
  consentExpireMinutes: 0,
});

test("client rule: a complete valid client has no violation", (t) => {
  t.is(clientViolation(validClient()), undefined);
});

const clientTable: [name: string, change: (c: ClientInput) => Partial<ClientInput>, field: string | undefined, error?: string][] = [
  ["an empty client id", () => ({ clientId: "" }), "client_id", "invalid_client_id"],
  ["a client id with a space", () => ({ clientId: "rp 1" }), "client_id", "invalid_client_id"],
  ["a 101-character client id", () => ({ clientId: "x".repeat(101) }), "client_id", "invalid_client_id"],
  ["a blank name", () => ({ name: "   " }), "name", "invalid_client_name"],
  ["a 257-character name", () => ({ name: "x".repeat(257) }), "name", "invalid_client_name"],
  ["a two-letter language code", () => ({ nameLangmap: { en: "RP" } }), "name_langmap", "invalid_language_code"],
  ["a blank localized name", () => ({ nameLangmap: { eng: " " } }), "name_langmap", "invalid_client_name_value"],
  ["a logo that is not http(s)", () => ({ logoUri: "ftp://rp.example.org/logo.png" }), "logo_uri", "invalid_uri"],
  ["no logo at all", () => ({ logoUri: "" }), undefined],
  ["no redirect URI", () => ({ redirectUris: [] }), "redirect_uris", "invalid_redirect_uri"],
  ["six redirect URIs", () => ({ redirectUris: Array.from({ length: 6 }, (_, i) => `https://rp.example.org/${i}`) }), "redirect_uris", "invalid_redirect_uri"],
  ["an http redirect URI on a public host", () => ({ redirectUris: ["http://rp.example.org/cb"] }), "redirect_uris", "invalid_redirect_uri"],
  ["a public key with d", (c) => ({ publicKey: { ...c.publicKey, d: "AAAA" } }), "public_key", "invalid_public_key"],
  ["no public key", () => ({ publicKey: undefined }), "public_key", "invalid_public_key"],
  ["an unknown claim", () => ({ allowedClaims: ["name", "shoe_size"] }), "allowed_claims", "invalid_claim"],
  ["no ACR value", () => ({ acrValues: [] }), "acr_values", "invalid_acr"],
  ["an unknown ACR value", () => ({ acrValues: ["urn:unknown"] }), "acr_values", "invalid_acr"],
  ["the implicit grant", () => ({ grantTypes: ["implicit"] }), "grant_types", "unsupported_grant_type"],
  ["client_secret_basic", () => ({ tokenEndpointAuthMethods: ["client_secret_basic"] }), "token_endpoint_auth_methods", "invalid_client_auth"],
  ["JWE userinfo without an encryption key", () => ({ userinfoResponseType: "JWE" }), "encryption_public_key", "invalid_public_key"],
  ["JWE userinfo with an encryption key", (c) => ({ userinfoResponseType: "JWE", encryptionPublicKey: { ...c.publicKey, use: "enc" } }), undefined],
  ["an encryption key with private members", (c) => ({ encryptionPublicKey: { ...c.publicKey, d: "AAAA" } }), "encryption_public_key", "invalid_public_key"],
  ["id_token_signed_response_alg none", () => ({ idTokenSignedResponseAlg: "none" }), "id_token_signed_response_alg", "invalid_client_metadata"],
  ["id_token_signed_response_alg ES256", () => ({ idTokenSignedResponseAlg: "ES256" }), undefined],
  ["a relying party id with a space", () => ({ relyingPartyId: "a b" }), "relying_party_id", "invalid_rp_id"],
  ["consent expiring after 5 minutes", () => ({ consentExpireMinutes: 5 }), "consent_expire_minutes", "invalid_additional_config"],
  ["consent expiring after 10 minutes", () => ({ consentExpireMinutes: 10 }), undefined],
];

for (const [name, change, field, error] of clientTable) {
  test(`client rule: ${name} ${field ? `is refused naming ${field}` : "is accepted"}`, (t) => {
    const c = validClient();
    const v = clientViolation({ ...c, ...change(c) });
    if (!field) {
      t.is(v, undefined);
      return;
    }
    t.is(v?.field, field);
    t.is(v?.code as string | undefined, error);
    t.regex(v?.description ?? "", new RegExp(`^${field}: .+`), "the description names the field and the rule");
  });
}
