/**
 * Pre-generated RSA keys for the runtimes the tests boot. A boot makes three RSA-2048 keys (the
 * PS256 and RS256 token keys and the development SBI encryption key), about 0.45 s of CPU, which
 * is most of what booting a core costs; the suite boots ~80 of them on 2 cores.
 *
 * `npm test` generates the pool once (scripts/compile-tests.mjs) and names its file in
 * `SIGNET_TEST_KEY_POOL`. A process takes keys from a random starting point onwards and never hands
 * out the same key twice; past the end of the pool, or with no pool (a file run from source with
 * `npx ava`), keys are generated as Signet generates them. Keys of other algorithms are always
 * generated (they cost well under a millisecond).
 */
import { createPrivateKey, createPublicKey, webcrypto, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSigningKeyPair, type KeyPairGenerator } from "../../src/keys/algorithms.js";
import { selfSignedLeaf } from "../../src/sbi/simulator/certificates.js";

let pool: string[] | undefined;
let next = 0;
let handedOut = 0;

/** The next unused RSA-2048 private key of the pool (PKCS#8 PEM), or undefined when there is none left. */
function pooledRsaPem(): string | undefined {
  if (!pool) {
    const file = process.env.SIGNET_TEST_KEY_POOL;
    pool = file && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as string[]) : [];
    next = pool.length ? Math.floor(Math.random() * pool.length) : 0;
  }
  if (handedOut >= pool.length) return undefined;
  handedOut++;
  const pem = pool[next]!;
  next = (next + 1) % pool.length;
  return pem;
}

/** For `createCoreRuntime({ generateKeyPair })`: RSA-2048 keys from the pool, anything else generated. */
export const pooledKeyPairs: KeyPairGenerator = async (alg, rsaModulusLength) => {
  const pem = (alg === "PS256" || alg === "RS256") && rsaModulusLength === 2048 ? pooledRsaPem() : undefined;
  if (!pem) return generateSigningKeyPair(alg, rsaModulusLength);
  const privateKey: KeyObject = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
};

/**
 * Places a pooled key as the development SBI encryption key of a data dir (where a booting core
 * looks for it before generating one), with its self-signed certificate; nothing when the data dir
 * has one already or the pool is empty, so the core goes on as it would.
 */
export async function seedSbiEncryptionKey(dataDir: string): Promise<void> {
  const dir = join(dataDir, "sbi");
  if (existsSync(join(dir, "encryption-key.pem"))) return; // a data dir booted before keeps its key
  const pem = pooledRsaPem();
  if (!pem) return;
  const rsa = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  const key = createPrivateKey(pem);
  const keys: CryptoKeyPair = {
    privateKey: await webcrypto.subtle.importKey("pkcs8", key.export({ type: "pkcs8", format: "der" }), rsa, true, ["sign"]),
    publicKey: await webcrypto.subtle.importKey("spki", createPublicKey(key).export({ type: "spki", format: "der" }), rsa, true, ["verify"]),
  };
  const now = Date.now();
  const cert = await selfSignedLeaf(keys, "CN=Signet SBI encryption (test pool)", new Date(now - 60_000), new Date(now + 2 * 365 * 86_400_000));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "encryption-key.pem"), pem, { mode: 0o600 });
  writeFileSync(join(dir, "encryption-cert.pem"), `${cert.toString("pem")}\n`, { mode: 0o644 });
}
