/**
 * Signing-key rotation through AdminService: publish before use, new tokens under the new
 * kid, old tokens still verifiable from the gateway JWKS until the old key retires.
 * The tests share one Signet and a settable clock, so they run in order.
 */
import test from "ava";
import { Code } from "@connectrpc/connect";
import { SignJWT, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { KeyPurpose, SigningKeyState } from "../../src/gen/signet/v1/admin_pb.js";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";
import { mintIdToken, refusal } from "./rpc.js";

let offsetMs = 0;
const clock = () => Date.now() + offsetMs;
let signet: SignetUnderTest;

test.before(async () => {
  signet = await startSignet({ clock });
});
test.after.always(async () => {
  await signet?.stop();
});

/** A JWT signed by the core's key manager with its current ES256 token key. */
async function signWithCore(claims: Record<string, unknown> = {}): Promise<{ jwt: string; kid: string }> {
  const key = await signet.runtime.keys.signingKey("token", "ES256", clock());
  const jwt = await new SignJWT({ iss: signet.issuer, ...claims }).setProtectedHeader({ alg: "ES256", kid: key.kid }).setIssuedAt().setExpirationTime("5m").sign(key.privateKey);
  return { jwt, kid: key.kid };
}

const coreKids = async () => ((await signet.identity.getJwks({ purpose: "token" })).jwks as unknown as JSONWebKeySet).keys.map((k) => k.kid!);
const gatewayJwks = async () => (await (await fetch(`${signet.issuer}/.well-known/jwks.json`)).json()) as JSONWebKeySet;

let beforeRotation: { jwt: string; kid: string };
let firstRotationKids: string[];

/** The minimum publish delay with the default settings: keys.refreshSeconds 60 + keys.jwksMaxAgeSeconds 60 + clock skew 5. */
const MINIMUM_DELAY_S = 125;

test.serial("RotateSigningKey with no delay asked publishes new keys for the minimum delay, then they sign new tokens, keeping the old keys published", async (t) => {
  beforeRotation = await signWithCore({ sub: "before" });
  const oldKids = await coreKids();
  t.true(oldKids.includes(beforeRotation.kid));

  const rotatedAt = clock();
  const { keys: created } = await signet.admin.rotateSigningKey({ purpose: KeyPurpose.TOKEN, publishDelaySeconds: 0n });
  t.deepEqual(created.map((k) => k.alg).sort(), ["ES256", "PS256", "RS256"]);
  t.true(created.every((k) => k.state === SigningKeyState.PENDING), "published, not yet signing");
  for (const k of created) t.true(Math.abs(Number(k.activateTime!.seconds) * 1000 - rotatedAt - MINIMUM_DELAY_S * 1000) < 2000, "signing from the minimum delay on");
  t.true((await coreKids()).includes(created[0]!.kid), "published at once");
  t.is((await signWithCore()).kid, beforeRotation.kid, "the old key signs during the delay");
  offsetMs += (MINIMUM_DELAY_S + 1) * 1000;
  firstRotationKids = created.map((k) => k.kid);
  const newEs256 = created.find((k) => k.alg === "ES256")!.kid;
  t.not(newEs256, beforeRotation.kid);

  // Stored state: the old keys are PREVIOUS, the new ones ACTIVE, both listed (newest first).
  const { keys: listed } = await signet.admin.listSigningKeys({ purpose: KeyPurpose.TOKEN });
  t.is(listed.find((k) => k.kid === beforeRotation.kid)?.state, SigningKeyState.PREVIOUS);
  t.truthy(listed.find((k) => k.kid === beforeRotation.kid)?.retireTime, "the replaced key has a retire time");
  t.is(listed.find((k) => k.kid === newEs256)?.state, SigningKeyState.ACTIVE);
  t.true(listed.findIndex((k) => k.kid === newEs256) < listed.findIndex((k) => k.kid === beforeRotation.kid), "newest first");

  // The JWKS (core and gateway) holds old and new keys.
  for (const kids of [await coreKids(), (await gatewayJwks()).keys.map((k) => k.kid!)]) {
    for (const kid of [...oldKids, ...firstRotationKids]) t.true(kids.includes(kid), `${kid} published`);
  }

  // New signatures use the new kid; the gateway JWKS verifies both old and new tokens.
  const jwks = createLocalJWKSet(await gatewayJwks());
  const after = await signWithCore({ sub: "after" });
  t.is(after.kid, newEs256);
  t.is((await jwtVerify(after.jwt, jwks, { issuer: signet.issuer })).payload.sub, "after");
  t.is((await jwtVerify(beforeRotation.jwt, jwks, { issuer: signet.issuer })).payload.sub, "before");
});

test.serial("after a rotation, ID tokens minted by the flow carry the new kid and verify against the gateway JWKS", async (t) => {
  const { idToken, clientId } = await mintIdToken(signet.coreUrl, signet.issuer, signet.admin, "ES256", undefined, clock());
  const newEs256 = (await signet.admin.listSigningKeys({})).keys.find((k) => k.alg === "ES256" && k.state === SigningKeyState.ACTIVE)!.kid;
  t.true(firstRotationKids.includes(newEs256));
  t.is(decodeProtectedHeader(idToken).kid, newEs256);
  const { payload } = await jwtVerify(idToken, createLocalJWKSet(await gatewayJwks()), { issuer: signet.issuer, audience: clientId });
  t.is(payload.aud, clientId);
});

test.serial("a rotation with a publish delay publishes the new keys as PENDING and signs with them only once the delay has passed", async (t) => {
  const current = await signWithCore();
  const { keys: created } = await signet.admin.rotateSigningKey({ purpose: KeyPurpose.TOKEN, publishDelaySeconds: 600n });
  const pending = created.find((k) => k.alg === "ES256")!;
  t.is(pending.state, SigningKeyState.PENDING);
  t.true((await coreKids()).includes(pending.kid), "published before use");
  t.is((await signWithCore()).kid, current.kid, "the old key still signs during the delay");

  offsetMs += 601_000;
  t.is((await signWithCore()).kid, pending.kid, "the new key signs after the delay");
  const listed = (await signet.admin.listSigningKeys({})).keys;
  t.is(listed.find((k) => k.kid === pending.kid)?.state, SigningKeyState.ACTIVE);
  t.is(listed.find((k) => k.kid === current.kid)?.state, SigningKeyState.PREVIOUS);
});

test.serial("a replaced key leaves the JWKS once every token it signed has expired, and is listed only with include_retired", async (t) => {
  offsetMs += (Math.max(signet.config.tokens.accessTokenSeconds, signet.config.tokens.idTokenSeconds) + 60) * 1000;
  const kids = await coreKids();
  t.false(kids.includes(beforeRotation.kid), "the first key is retired");
  t.false((await signet.admin.listSigningKeys({})).keys.some((k) => k.kid === beforeRotation.kid));
  const all = (await signet.admin.listSigningKeys({ includeRetired: true })).keys;
  t.is(all.find((k) => k.kid === beforeRotation.kid)?.state, SigningKeyState.RETIRED);
});

test("RotateSigningKey refuses a delay shorter than the minimum, naming publish_delay_seconds and the settings it derives from", async (t) => {
  const { err, detail } = await refusal(signet.admin.rotateSigningKey({ purpose: KeyPurpose.TOKEN, publishDelaySeconds: 60n }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "publish_delay_seconds");
  t.regex(detail?.errorDescription ?? "", /at least 125 \(keys\.refreshSeconds 60 \+ keys\.jwksMaxAgeSeconds 60 \+ tokens\.clockSkewSeconds 5\)/);
});

test("RotateSigningKey refuses a negative publish delay, naming publish_delay_seconds", async (t) => {
  const { err, detail } = await refusal(signet.admin.rotateSigningKey({ purpose: KeyPurpose.TOKEN, publishDelaySeconds: -1n }));
  t.is(err.code, Code.InvalidArgument);
  t.is(detail?.field, "publish_delay_seconds");
});

test("ListSigningKeys lists the credential keys (ES256 and EdDSA) apart from the token keys", async (t) => {
  const { keys } = await signet.admin.listSigningKeys({ purpose: KeyPurpose.CREDENTIAL });
  t.deepEqual([...new Set(keys.map((k) => k.alg))].sort(), ["ES256", "EdDSA"]);
  t.true(keys.every((k) => k.purpose === KeyPurpose.CREDENTIAL));
  for (const k of keys) t.false("d" in (k.publicJwk ?? {}), "public part only");
});
