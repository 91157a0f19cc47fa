import { importJWK, type JWK } from "jose";
import { signetError } from "../errors/index.js";
import { clientViolation, type ClientInput } from "../rules/client-rules.js";

/**
 * Runs the pure registration rules, then checks that the keys really import (a JWK can
 * be well-formed and still unusable). Throws INVALID_ARGUMENT naming the field.
 */
export async function assertValidClient(input: ClientInput): Promise<void> {
  const violation = clientViolation(input);
  if (violation) throw violation;
  for (const [field, jwk, alg] of [
    ["public_key", input.publicKey, input.publicKey?.kty === "EC" ? "ES256" : "PS256"],
    ["encryption_public_key", input.encryptionPublicKey, input.encryptionPublicKey?.kty === "EC" ? "ECDH-ES" : "RSA-OAEP-256"],
  ] as const) {
    if (!jwk) continue;
    try {
      await importJWK(jwk as JWK, alg);
    } catch {
      throw signetError("invalid_public_key", `${field}: is not a usable ${String(jwk.kty)} key`, { field });
    }
  }
}
