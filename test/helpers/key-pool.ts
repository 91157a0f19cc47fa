/**
 * Pre-generated keys for the runtimes the tests boot. A boot makes three RSA-2048 keys (the PS256
 * and RS256 token keys and the development SBI encryption key, with its certificate), about 0.45 s
 * of CPU, which is most of what booting a core costs; the suite boots ~80 of them on 2 cores. An
 * SBI simulator's first start makes four more (its PKI); the pool holds a few simulator states.
 *
 * `npm test` generates the pool once (scripts/compile-tests.mjs) and names its file in
 * `SIGNET_TEST_KEY_POOL`. A process takes keys from a random starting point onwards and never hands
 * out the same key twice; past the end of the pool, or with no pool (a file run from source with
 * `npx ava`), keys are generated as Signet generates them. Keys of other algorithms are always
 * generated (they cost well under a millisecond).
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSigningKeyPair, type KeyPairGenerator } from "../../src/keys/algorithms.js";
import { SIMULATOR_STATE_FILE } from "../../src/sbi/simulator/state-file.js";

export interface SbiKey {
  readonly key: string;
  readonly cert: string;
}
interface Pool {
  readonly rsa: readonly string[];
  readonly sbi: readonly SbiKey[];
  /** SBI simulator states (./simulator-states.ts). */
  readonly sim?: readonly string[];
}

let pool: Pool | undefined;

function loaded(): Pool {
  if (!pool) {
    const file = process.env.SIGNET_TEST_KEY_POOL;
    // Named but missing is a broken build (the suite would silently run at the old cost): say so.
    if (file && !existsSync(file)) throw new Error(`SIGNET_TEST_KEY_POOL names ${file}, which does not exist (scripts/compile-tests.mjs writes it)`);
    pool = file ? (JSON.parse(readFileSync(file, "utf8")) as Pool) : { rsa: [], sbi: [] };
  }
  return pool;
}

/** Hands out the entries of a list from a random start, each at most once in this process. */
function dealer<T>(list: () => readonly T[]): () => T | undefined {
  let next = -1;
  let dealt = 0;
  return () => {
    const entries = list();
    if (dealt >= entries.length) return undefined;
    if (next < 0) next = Math.floor(Math.random() * entries.length);
    dealt++;
    const entry = entries[next]!;
    next = (next + 1) % entries.length;
    return entry;
  };
}

const nextRsa = dealer(() => loaded().rsa);
const nextSbi = dealer(() => loaded().sbi);
const nextSim = dealer(() => loaded().sim ?? []);

/** For `createCoreRuntime({ generateKeyPair })`: RSA-2048 keys from the pool, anything else generated. */
export const pooledKeyPairs: KeyPairGenerator = async (alg, rsaModulusLength) => {
  const pem = (alg === "PS256" || alg === "RS256") && rsaModulusLength === 2048 ? nextRsa() : undefined;
  if (!pem) return generateSigningKeyPair(alg, rsaModulusLength);
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
};

/** An RSA-2048 key (PEM) with a self-signed certificate from the pool, or undefined past its end. */
export function pooledSbiKey(): SbiKey | undefined {
  return nextSbi();
}

/**
 * Places a pooled key and its self-signed certificate as the development SBI encryption key of a
 * data dir (where a booting core looks for it before generating one); nothing when the data dir
 * has one already or the pool is empty, so the core goes on as it would.
 */
export async function seedSbiEncryptionKey(dataDir: string): Promise<void> {
  const dir = join(dataDir, "sbi");
  if (existsSync(join(dir, "encryption-key.pem"))) return; // a data dir booted before keeps its key
  const entry = nextSbi();
  if (!entry) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "encryption-key.pem"), entry.key, { mode: 0o600 });
  writeFileSync(join(dir, "encryption-cert.pem"), entry.cert, { mode: 0o644 });
}

/**
 * Places a pooled SBI simulator state (its CAs, device and FTM keys and certificates) in a
 * simulator's state directory, where the simulator looks before generating one; nothing when the
 * directory has one already or the pool is empty.
 */
export async function seedSimulatorState(stateDir: string): Promise<void> {
  if (existsSync(join(stateDir, SIMULATOR_STATE_FILE))) return;
  const state = nextSim();
  if (!state) return;
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(stateDir, SIMULATOR_STATE_FILE), state, { mode: 0o600 });
}
