import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { UsageError } from "./io.js";

/** Algorithms a generated relying-party key can sign client assertions with. */
export const KEY_ALGS = ["ES256", "PS256", "RS256"] as const;
export type KeyAlg = (typeof KEY_ALGS)[number];

/** JWK members that belong to the private half (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

/** The public half of a JWK: the private members removed (a file may hold the whole key pair). */
export function publicHalf(jwk: JWK): JWK {
  const pub: Record<string, unknown> = { ...jwk };
  for (const m of PRIVATE_MEMBERS) delete pub[m];
  return pub as JWK;
}

function readJson(file: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${option}: ${file} is not JSON (${(err as Error).message})`);
  }
}

function isJwk(value: unknown): value is JWK {
  return typeof value === "object" && value !== null && typeof (value as { kty?: unknown }).kty === "string";
}

/** The public key of a JWK file (`--jwk`); a private JWK is accepted and only its public half is used. */
export function jwkFromFile(file: string): JWK {
  const value = readJson(file, "--jwk");
  if (!isJwk(value)) throw new UsageError(`--jwk: ${file} is not a JWK (no "kty")`);
  return publicHalf(value);
}

/**
 * The signing key of a JWK Set file (`--jwks`, RFC 7517 §5): the key with `kid` when given, else
 * the only key meant for signing (`use` absent or `sig`).
 */
export function jwkFromSet(file: string, kid?: string): JWK {
  const value = readJson(file, "--jwks");
  const keys = (value as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) throw new UsageError(`--jwks: ${file} is not a JWK Set (no "keys" array)`);
  const candidates = keys.filter(isJwk).filter((k) => (kid === undefined ? k.use === undefined || k.use === "sig" : k.kid === kid));
  if (candidates.length === 0) throw new UsageError(`--jwks: ${file} has no ${kid === undefined ? "signing key" : `key with kid ${JSON.stringify(kid)}`}`);
  if (candidates.length > 1) throw new UsageError(`--jwks: ${file} has ${candidates.length} signing keys; choose one with --kid`);
  return publicHalf(candidates[0]!);
}

/** A generated key pair, its private JWK already written to a file. */
export interface GeneratedKey {
  readonly publicJwk: JWK;
  readonly file: string;
  /** Removes the file (when the registration it was made for failed). */
  discard(): void;
}

/**
 * Generates a key pair for `private_key_jwt` (P-256 for ES256, RSA 2048 for PS256/RS256) and writes
 * the private JWK, with `kid` (RFC 7638 thumbprint) and `alg`, to `file` with mode 0600. An existing
 * file is never overwritten: a lost private key cannot be recovered, and neither can one replaced.
 */
export async function generateClientKey(file: string, alg: KeyAlg): Promise<GeneratedKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "ES256" ? {} : { modulusLength: 2048 }) });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: "sig" };
  try {
    writeFileSync(file, JSON.stringify(privateJwk, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === "EEXIST" ? `--generate-key: ${file} exists; choose a new file (it would overwrite a private key)` : `--generate-key: cannot write ${file} (${code ?? String(err)})`);
  }
  return { publicJwk: { ...publicJwk, kid, alg, use: "sig" }, file, discard: () => unlinkSync(file) };
}
