/**
 * OpenID4VCI with a library wallet (@openid4vc/openid4vci): metadata, and each credential
 * format obtained through the real login pages and verified with an independent library.
 * Run against the bundled mock identity system in process (wallet-issuance.test.ts) and,
 * issuance only, in its own process (test/identity-system/suites-remote.test.ts).
 */
import test, { type ExecutionContext } from "ava";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { digest, ES256 } from "@sd-jwt/crypto-nodejs";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { Openid4vciVersion } from "@openid4vc/openid4vci";
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import { BUNDLED_CONTEXTS, MULTIKEY_CONTEXT_V1 } from "../../src/vc/jsonld/contexts.js";
import { createDocumentLoader, DocumentNotBundledError } from "../../src/vc/jsonld/document-loader.js";
import { didJwkFromJwk } from "../../src/vc/keys/did-jwk.js";
import type { SignetUnderTest } from "../helpers/signet.js";
import { authorizeWallet, createWallet, firstCredential, obtainCredential } from "./wallet.js";

/**
 * Defines the wallet tests against the Signet `start` returns; `issuanceOnly` keeps the three
 * issuance tests (each format through the pages and the identity system) and leaves out
 * the metadata and context-fetching ones, which do not involve the identity system.
 */
export function walletSuite(start: () => Promise<SignetUnderTest>, opts: { readonly issuanceOnly?: boolean } = {}): void {
const beyondIssuance = (title: string, fn: (t: ExecutionContext) => Promise<void>) => {
  if (!opts.issuanceOnly) test(title, fn);
};
let signet: SignetUnderTest;
/** The issuer's published credential keys, as a verifier would fetch them. */
let issuerJwks: { keys: (JWK & { kid: string })[] };

test.before(async () => {
  signet = await start();
  const res = await fetch(`${signet.issuer}/.well-known/jwt-vc-issuer`);
  const doc = (await res.json()) as { issuer: string; jwks: typeof issuerJwks };
  if (doc.issuer !== signet.issuer) throw new Error(`jwt-vc-issuer metadata names ${doc.issuer}`);
  issuerJwks = doc.jwks;
});
test.after.always(async () => {
  await signet?.stop();
});

const keyOf = (kid: string | undefined) => {
  const key = issuerJwks.keys.find((k) => k.kid === kid);
  if (!key) throw new Error(`kid ${kid} is not in the published JWKS`);
  return key;
};

const PERSON = { individual_id: "8267411571", given_name: "Aisha", family_name: "Rahman", birthdate: "1990-04-12" };

beyondIssuance("the wallet library reads the issuer and AS metadata Signet publishes", async (t) => {
  const { metadata } = await createWallet(signet);
  t.is(metadata.credentialIssuer.credential_issuer, signet.issuer);
  t.is(metadata.originalDraftVersion, Openid4vciVersion.V1, "read as OpenID4VCI 1.0 metadata");
  t.is(metadata.authorizationServers.length, 1);
  t.is(metadata.authorizationServers[0]!.issuer, signet.issuer);
  t.deepEqual(Object.keys(metadata.knownCredentialConfigurations).sort(), [
    "NationalIdCredential_dc_sd_jwt",
    "NationalIdCredential_jwt_vc_json",
    "NationalIdCredential_ldp_vc",
  ]);
  t.is(metadata.credentialIssuer.nonce_endpoint, `${signet.issuer}/nonce`);
});

test("dc+sd-jwt: library wallet obtains it through the pages; @sd-jwt/sd-jwt-vc verifies it against the jwt-vc-issuer JWKS", async (t) => {
  const wallet = await createWallet(signet);
  const { accessTokenResponse } = await authorizeWallet(signet, wallet, "national_id_vc_sd_jwt");
  t.false("id_token" in accessTokenResponse, "no ID token for a credential-only request");
  t.is(decodeJwt(accessTokenResponse.access_token).aud, signet.issuer);
  const { credentialResponse } = await obtainCredential(wallet, accessTokenResponse.access_token, "NationalIdCredential_dc_sd_jwt");
  t.is(credentialResponse.credentials?.length, 1);
  const sdJwt = firstCredential(credentialResponse) as string;
  t.is(typeof sdJwt, "string");

  const header = decodeProtectedHeader(sdJwt.split("~")[0]!);
  t.is(header.typ, "dc+sd-jwt");
  const issuerKey = keyOf(header.kid);
  const verifier = new SDJwtVcInstance({ hasher: digest, verifier: async (data, sig) => (await ES256.getVerifier(issuerKey))(data, sig) });
  const { payload } = await verifier.verify(sdJwt);
  t.is(payload.iss, signet.issuer);
  t.is(payload.vct, "urn:signet:vct:national-id:1");
  t.deepEqual((payload.cnf as { jwk: JWK }).jwk, { kty: "EC", crv: "P-256", x: wallet.holder.publicJwk.x, y: wallet.holder.publicJwk.y });

  const disclosures = sdJwt.split("~").slice(1).filter(Boolean).map((d) => JSON.parse(Buffer.from(d, "base64url").toString("utf8")) as [string, string, unknown]);
  const disclosed = Object.fromEntries(disclosures.map(([, name, value]) => [name, value]));
  t.like(disclosed, PERSON);
  t.true(disclosures.every((d) => d.length === 3), "every claim is an object-property disclosure");
  const signed = decodeJwt(sdJwt.split("~")[0]!);
  for (const name of Object.keys(PERSON)) t.false(name in signed, `${name} only as a disclosure`);
  const claims = (await verifier.getClaims(sdJwt)) as Record<string, unknown>;
  t.like(claims, PERSON);

  const forgedDisclosure = Buffer.from(JSON.stringify(["c2FsdHNhbHRzYWx0", "given_name", "Mallory"])).toString("base64url");
  const withForged = (await verifier.getClaims(`${sdJwt}${forgedDisclosure}~`)) as Record<string, unknown>;
  t.is(withForged.given_name, "Aisha", "a disclosure the issuer did not sign is never read");
  const [jwt, ...rest] = sdJwt.split("~");
  const [h, , s] = jwt!.split(".");
  const forgedPayload = Buffer.from(JSON.stringify({ ...signed, vct: "urn:forged" })).toString("base64url");
  await t.throwsAsync(verifier.verify([`${h}.${forgedPayload}.${s}`, ...rest].join("~")), undefined, "a changed issuer-signed payload is refused");
});

test("jwt_vc_json: library wallet obtains it; jose verifies it with the published credential key", async (t) => {
  const wallet = await createWallet(signet);
  const { accessTokenResponse } = await authorizeWallet(signet, wallet, "national_id_vc_jwt");
  const { credentialResponse } = await obtainCredential(wallet, accessTokenResponse.access_token, "NationalIdCredential_jwt_vc_json");
  const jwt = firstCredential(credentialResponse) as string;
  const header = decodeProtectedHeader(jwt);
  const { payload } = await jwtVerify(jwt, await importJWK(keyOf(header.kid), header.alg), { issuer: signet.issuer, algorithms: ["ES256"] });
  const credential = payload.vc as { type: string[]; credentialSubject: Record<string, unknown>; "@context": string[] };
  t.deepEqual(credential.type, ["VerifiableCredential", "NationalIdCredential"]);
  t.deepEqual(credential["@context"], ["https://www.w3.org/2018/credentials/v1"]);
  t.like(credential.credentialSubject, PERSON);
  t.is(payload.sub, didJwkFromJwk(wallet.holder.publicJwk), "bound to the holder key as did:jwk");
  t.true(typeof payload.exp === "number" && payload.exp > Date.now() / 1000);
});

test("ldp_vc: library wallet obtains it; @digitalbazaar/vc verifies the eddsa-rdfc-2022 proof offline from the published Ed25519 key", async (t) => {
  const wallet = await createWallet(signet);
  const { accessTokenResponse } = await authorizeWallet(signet, wallet, "national_id_vc_ldp");
  const { credentialResponse } = await obtainCredential(wallet, accessTokenResponse.access_token, "NationalIdCredential_ldp_vc");
  const credential = firstCredential(credentialResponse) as Record<string, any>;
  t.is(typeof credential, "object");
  t.is(credential.issuer, signet.issuer);
  t.like(credential.credentialSubject, PERSON);
  t.is(credential.credentialSubject.id, didJwkFromJwk(wallet.holder.publicJwk));

  const [, kid] = (credential.proof.verificationMethod as string).split("#");
  const ed = keyOf(decodeURIComponent(kid!));
  t.is(ed.crv, "Ed25519");
  const requested: string[] = [];
  const bundled = createDocumentLoader({
    controllers: [{ issuerId: signet.issuer, keys: [{ kid: ed.kid, publicJwk: ed }] }],
    signetContextUrl: `${signet.issuer}/contexts/credentials/v1`,
  });
  const documentLoader = async (url: string) => {
    requested.push(url);
    return bundled(url);
  };
  const fetched: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    fetched.push(String(input));
    return realFetch(input, init);
  };
  let result;
  try {
    result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader });
  } finally {
    globalThis.fetch = realFetch;
  }
  t.true(result.verified, JSON.stringify(result.error ?? result.results, null, 1));
  t.deepEqual(fetched, [], "verification never reached the network");
  t.true(requested.length > 0);
  for (const url of requested) await t.notThrowsAsync(bundled(url), `${url} is served from memory`);
  await t.throwsAsync(bundled("https://example.org/remote-context"), { instanceOf: DocumentNotBundledError });

  const forged = structuredClone(credential);
  forged.credentialSubject.birthdate = "1980-01-01";
  const refused = await vc.verifyCredential({ credential: forged, suite: new DataIntegrityProof({ cryptosuite }), documentLoader });
  t.false(refused.verified, "a changed claim breaks the proof");
});

beyondIssuance("ldp_vc: a verifier holding only the W3C contexts fetches Signet's context and the issuer key over HTTP from the issuer, and verifies", async (t) => {
  const wallet = await createWallet(signet);
  const { accessTokenResponse } = await authorizeWallet(signet, wallet, "national_id_vc_ldp");
  const { credentialResponse } = await obtainCredential(wallet, accessTokenResponse.access_token, "NationalIdCredential_ldp_vc");
  const credential = firstCredential(credentialResponse) as Record<string, any>;
  const contextUrl = `${signet.issuer}/contexts/credentials/v1`;
  t.deepEqual(credential["@context"], ["https://www.w3.org/ns/credentials/v2", contextUrl]);

  // What every Data Integrity verifier ships: the W3C VC and security contexts — not Signet's.
  const w3c = new Map([...BUNDLED_CONTEXTS].filter(([url]) => /^https:\/\/(www\.w3\.org\/ns\/credentials|w3id\.org\/security)\//.test(url)));
  t.deepEqual([...w3c.keys()].filter((u) => u.includes("signet")), []);
  const issuerOrigin = new URL(signet.issuer).origin;
  const fetched = new Map<string, Response>();
  const documentLoader = async (url: string) => {
    const known = w3c.get(url);
    if (known) return { contextUrl: null, documentUrl: url, document: structuredClone(known) };
    const target = new URL(url);
    if (target.origin !== issuerOrigin) throw new Error(`${url}: this verifier fetches only from the issuer`);
    target.hash = "";
    const res = await fetch(target, { headers: { accept: "application/ld+json, application/json;q=0.9" }, redirect: "error" });
    if (!res.ok) throw new Error(`${target.href}: HTTP ${res.status}`);
    fetched.set(target.href, res.clone());
    const document = (await res.json()) as Record<string, any>;
    if (!url.includes("#")) return { contextUrl: null, documentUrl: url, document };
    // <issuer>#<kid>: the verification method inside the controller document at the issuer URL.
    const method = (document.verificationMethod as { id: string }[]).find((m) => m.id === url);
    if (!method) throw new Error(`${url} is not in the issuer's controller document`);
    return { contextUrl: null, documentUrl: url, document: { "@context": MULTIKEY_CONTEXT_V1, ...method } };
  };
  const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader });
  t.true(result.verified, JSON.stringify(result.error ?? result.results, null, 1));
  t.deepEqual([...fetched.keys()].sort(), [contextUrl, `${issuerOrigin}/`].sort(), "the context and the controller document came over HTTP");

  const context = fetched.get(contextUrl)!;
  t.is(context.headers.get("content-type"), "application/ld+json");
  t.is(context.headers.get("cache-control"), "public, max-age=31536000, immutable");
  t.is(context.headers.get("access-control-allow-origin"), "*");
  t.truthy(((await context.json()) as { "@context": Record<string, unknown> })["@context"].NationalIdCredential);
  const controller = fetched.get(`${issuerOrigin}/`)!;
  t.is(controller.headers.get("content-type"), "application/ld+json");
  t.is(controller.headers.get("access-control-allow-origin"), "*");
  const doc = (await controller.json()) as { id: string; verificationMethod: { controller: string; publicKeyMultibase: string }[]; assertionMethod: string[] };
  t.is(doc.id, signet.issuer);
  t.true(doc.assertionMethod.includes(credential.proof.verificationMethod), "the proof's method is an assertionMethod of the issuer");
  t.true(doc.verificationMethod.every((m) => m.controller === signet.issuer && m.publicKeyMultibase.startsWith("z6Mk")), "Ed25519 Multikeys");

  const forged = structuredClone(credential);
  forged.credentialSubject.given_name = "Mallory";
  t.false((await vc.verifyCredential({ credential: forged, suite: new DataIntegrityProof({ cryptosuite }), documentLoader })).verified, "a changed claim breaks the proof");
});

beyondIssuance("ldp_vc metadata names Signet's context by the URL the issuer serves it at", async (t) => {
  const res = await fetch(`${signet.issuer}/.well-known/openid-credential-issuer`);
  const metadata = (await res.json()) as { credential_configurations_supported: Record<string, { credential_definition?: { "@context"?: string[] } }> };
  t.deepEqual(metadata.credential_configurations_supported.NationalIdCredential_ldp_vc!.credential_definition!["@context"], [
    "https://www.w3.org/ns/credentials/v2",
    `${signet.issuer}/contexts/credentials/v1`,
  ]);
});
}
