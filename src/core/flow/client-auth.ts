import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, type JWK } from "jose";
import { signetError, type SignetError } from "../errors/index.js";
import { clientAssertionType } from "../oidc-profile.js";
import { assertionClaimsViolation } from "../rules/client-assertion.js";
import { hashSecret } from "../secrets.js";
import type { ClientRecord, ReplayRepository } from "../ports/storage/index.js";
import type { FlowDeps } from "./deps.js";
import { verifyCompactJws } from "./verify-jws.js";

/**
 * Each client record's verification key, imported once (creating a KeyObject from a JWK costs
 * about as much as a verification); it lives as long as the cached record it came from, so a
 * changed key (a new record) is imported afresh. Null when the registered key cannot be used:
 * an EC key must be P-256 (ES256), an RSA key at least 2048 bits (RFC 7518 §3.3, §3.5).
 */
const importedKeys = new WeakMap<ClientRecord, KeyObject | null>();

function verificationKeyOf(client: ClientRecord): KeyObject | null {
  let key = importedKeys.get(client);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: client.publicKey as JsonWebKey, format: "jwk" });
      const details = key.asymmetricKeyDetails;
      const usable = key.asymmetricKeyType === "ec" ? details?.namedCurve === "prime256v1" : key.asymmetricKeyType === "rsa" && (details?.modulusLength ?? 0) >= 2048;
      if (!usable) key = null;
    } catch {
      key = null;
    }
    importedKeys.set(client, key);
  }
  return key;
}

const invalidClient = (why: string) => signetError("invalid_client", `client authentication failed: ${why}`);

/** Algorithms a client key may sign assertions with (never `none` or HMAC; RFC 8725 §3.1). */
function algsFor(jwk: JWK): string[] {
  return jwk.kty === "EC" ? ["ES256"] : ["RS256", "PS256"];
}

/** An authenticated client, and the assertion `jti` its request must spend. */
export interface AuthenticatedClient {
  readonly client: ClientRecord;
  /** Spend it with {@link spendAssertionJti} in the unit of work of the request it authenticates. */
  readonly jti: { readonly valueHash: string; readonly expiresAt: number };
}

/**
 * Authenticates the client at the token endpoint by private_key_jwt only (RFC 7523 §2.2):
 * signature by the registered key and claim checks. The assertion's `jti` is not recorded here:
 * the caller spends it ({@link spendAssertionJti}) first in the unit of work of the request, so it
 * commits with what the request does (one commit, not two) and a replay fails even when two
 * arrive at once — the unique record makes the second wait for the first and then refuses it.
 */
export async function authenticateClient(
  deps: Pick<FlowDeps, "clients" | "clock" | "endpoints" | "settings">,
  req: { clientId: string; clientAssertionType: string; clientAssertion: string; httpBasicAuthPresent: boolean },
): Promise<AuthenticatedClient> {
  if (req.httpBasicAuthPresent) throw invalidClient("only private_key_jwt is supported (no HTTP Basic client credentials)");
  if (req.clientAssertionType !== clientAssertionType) throw invalidClient(`client_assertion_type must be ${clientAssertionType}`);
  if (!req.clientAssertion) throw invalidClient("client_assertion is required");

  let alg: unknown;
  let unverified: Record<string, unknown>;
  try {
    alg = decodeProtectedHeader(req.clientAssertion).alg;
    unverified = decodeJwt(req.clientAssertion);
  } catch {
    throw invalidClient("client_assertion is not a JWT");
  }
  const clientId = typeof unverified.iss === "string" ? unverified.iss : "";
  if (req.clientId && req.clientId !== clientId) throw invalidClient("client_id does not match the assertion's iss");
  const client = clientId ? await deps.clients.get(clientId) : null;
  if (!client) throw invalidClient("unknown client");
  if (client.status !== "ACTIVE") throw invalidClient("the client is inactive");

  const algorithms = algsFor(client.publicKey);
  if (typeof alg !== "string" || !algorithms.includes(alg)) throw invalidClient(`alg must be one of ${algorithms.join(", ")} for the registered key`);
  // Signature only here (node:crypto, verify-jws.ts); the time and identity claims are checked by the pure rule below.
  const key = verificationKeyOf(client);
  const verified = key ? verifyCompactJws(req.clientAssertion, key, alg) : null;
  if (!verified) throw invalidClient("the assertion signature does not verify with the registered key");
  const claims = verified.payload as Record<string, unknown>;
  const now = Math.floor(deps.clock() / 1000);
  const e = deps.endpoints;
  const violation = assertionClaimsViolation(claims, {
    clientId: client.clientId,
    audiences: [e.token, e.esignetToken, e.issuer],
    now,
    skew: deps.settings.clockSkewSeconds,
    maxLifetime: deps.settings.assertionMaxSeconds,
  });
  if (violation) throw invalidClient(violation);

  // Remembered until the assertion can no longer be accepted (its exp plus the allowed skew).
  const expiresAt = ((claims.exp as number) + deps.settings.clockSkewSeconds) * 1000;
  return { client, jti: { valueHash: hashSecret(`${client.clientId}\n${claims.jti as string}`), expiresAt } };
}

/**
 * Records the assertion's `jti` for its lifetime, inside the caller's unit of work; the refusal
 * to return (not throw, so nothing else is written) when it was already used.
 */
export async function spendAssertionJti(
  replay: Pick<ReplayRepository, "recordOnce">,
  jti: AuthenticatedClient["jti"],
  now: number,
): Promise<SignetError | undefined> {
  const fresh = await replay.recordOnce("assertion_jti", jti.valueHash, jti.expiresAt, now);
  return fresh ? undefined : invalidClient("the assertion jti was already used");
}
