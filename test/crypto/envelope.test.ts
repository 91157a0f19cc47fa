import test from "ava";
import { createCipheriv, generateKeyPairSync, hkdfSync, randomBytes } from "node:crypto";
import { EnvelopeError, isEnvelope, open, seal } from "../../src/crypto/envelope.js";
import { createServerSecrets } from "../../src/core/secrets.js";
import { decryptPrivateKey, encryptPrivateKey, KeyDecryptionError } from "../../src/keys/key-encryption.js";

const key = randomBytes(32);

test("an envelope is v1.<iv>.<ciphertext>.<tag> and opens only with its key and context", (t) => {
  const sealed = seal(key, "kyc-token-123", "signet-sealed:kyc_token");
  t.regex(sealed, /^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
  t.true(isEnvelope(sealed));
  t.is(open(key, sealed, "signet-sealed:kyc_token").toString("utf8"), "kyc-token-123");
  t.throws(() => open(key, sealed, "signet-sealed:nonce"), { instanceOf: EnvelopeError }, "another context");
  t.throws(() => open(randomBytes(32), sealed, "signet-sealed:kyc_token"), { instanceOf: EnvelopeError }, "another key");
  const [v, iv, body, tag] = sealed.split(".");
  const flipped = Buffer.from(body!, "base64url");
  flipped[0]! ^= 1;
  t.throws(() => open(key, [v, iv, flipped.toString("base64url"), tag].join("."), "signet-sealed:kyc_token"), { instanceOf: EnvelopeError }, "altered");
  t.throws(() => open(key, "v2.a.b.c", "x"), { instanceOf: EnvelopeError }, "unknown version");
  t.not(seal(key, "same", "c"), seal(key, "same", "c"), "a fresh IV each time");
});

test("server secrets seal for a purpose and still open values sealed before the envelope", (t) => {
  const root = randomBytes(32);
  const secrets = createServerSecrets(root);
  const nonce = secrets.seal("nonce", "n-0S6_WzA2Mj");
  t.true(isEnvelope(nonce));
  t.is(secrets.unseal("nonce", nonce), "n-0S6_WzA2Mj");
  t.throws(() => secrets.unseal("kyc_token", nonce), undefined, "a sealed nonce cannot stand in for a KYC token");

  // The format written before: base64url(iv ‖ tag ‖ ciphertext) under the HKDF "seal" key, no AAD.
  const sealKey = Buffer.from(hkdfSync("sha256", root, Buffer.alloc(0), "signet seal", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey, iv);
  const body = Buffer.concat([cipher.update("legacy-kyc-token", "utf8"), cipher.final()]);
  const legacy = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  t.false(isEnvelope(legacy));
  t.is(secrets.unseal("kyc_token", legacy), "legacy-kyc-token", "rows stored before an upgrade keep working");
});

test("signing keys use the same envelope, bound to their kid, and keys stored before read unchanged", (t) => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const sealed = encryptPrivateKey(key, "kid-1", privateKey);
  t.true(isEnvelope(sealed));
  t.deepEqual(decryptPrivateKey(key, "kid-1", sealed).export({ format: "jwk" }), privateKey.export({ format: "jwk" }));
  t.throws(() => decryptPrivateKey(key, "kid-2", sealed), { instanceOf: KeyDecryptionError }, "copied onto another kid");

  // What the key store held before the envelope was shared: v1.iv.ct.tag with AAD signet-signing-key:<kid>.
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from("signet-signing-key:kid-3"));
  const der = privateKey.export({ format: "der", type: "pkcs8" });
  const ct = Buffer.concat([cipher.update(der), cipher.final()]);
  const stored = ["v1", iv, ct, cipher.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
  t.deepEqual(decryptPrivateKey(key, "kid-3", stored).export({ format: "jwk" }), privateKey.export({ format: "jwk" }));
});
