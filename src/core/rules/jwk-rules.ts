/**
 * Pure checks on JWKs received from clients (RFC 7517, RFC 7518 §6). A violation names
 * the rule; the caller names the field.
 */
export type JsonObject = Readonly<Record<string, unknown>>;

/** JWK members that only a private or symmetric key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
export const privateJwkMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

function base64urlBytes(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  return Buffer.from(value, "base64url").length;
}

/** Bit length of an RSA modulus given as base64url, ignoring leading zero bytes. */
function rsaModulusBits(n: string): number {
  const bytes = Buffer.from(n, "base64url");
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/**
 * Checks a client public key: RSA of at least 2048 bits or EC P-256, public members
 * only, and (when given) the expected `use`. Returns the broken rule, or undefined.
 */
export function publicJwkViolation(jwk: JsonObject | undefined, use: "sig" | "enc"): string | undefined {
  if (!jwk || Object.keys(jwk).length === 0) return "is required (a JWK object)";
  const present = privateJwkMembers.filter((m) => m in jwk);
  if (present.length > 0) return `must be a public key; private members are refused (${present.join(", ")})`;
  if (jwk.use !== undefined && jwk.use !== use) return `use must be "${use}"`;
  if (jwk.kty === "RSA") {
    if (base64urlBytes(jwk.e) === undefined) return "RSA key needs e (base64url)";
    if (base64urlBytes(jwk.n) === undefined) return "RSA key needs n (base64url)";
    if (rsaModulusBits(jwk.n as string) < 2048) return "RSA modulus must be at least 2048 bits";
    return undefined;
  }
  if (jwk.kty === "EC") {
    if (jwk.crv !== "P-256") return "EC key must use curve P-256";
    if (base64urlBytes(jwk.x) !== 32 || base64urlBytes(jwk.y) !== 32) return "EC P-256 key needs 32-byte x and y";
    return undefined;
  }
  return "kty must be RSA or EC";
}
