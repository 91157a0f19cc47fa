import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from "jose";
import { signetError } from "../errors/index.js";
import { clientAssertionType } from "../oidc-profile.js";
import { assertionClaimsViolation } from "../rules/client-assertion.js";
import { hashSecret } from "../secrets.js";
import type { ClientRecord } from "../ports/storage/index.js";
import type { FlowDeps } from "./deps.js";

/**
 * Each client record's imported verification keys, by alg. Importing a JWK costs more than the
 * verification itself (~0.2 ms for P-256); the key lives as long as the cached record it came
 * from, so a changed key (a new record) is imported afresh.
 */
const importedKeys = new WeakMap<ClientRecord, Map<string, ReturnType<typeof importJWK>>>();

function verificationKeyOf(client: ClientRecord, alg: string): ReturnType<typeof importJWK> {
  let byAlg = importedKeys.get(client);
  if (!byAlg) importedKeys.set(client, (byAlg = new Map()));
  let key = byAlg.get(alg);
  if (!key) {
    key = importJWK(client.publicKey, alg);
    byAlg.set(alg, key);
    key.catch(() => byAlg.delete(alg));
  }
  return key;
}

const invalidClient = (why: string) => signetError("invalid_client", `client authentication failed: ${why}`);

/** Algorithms a client key may sign assertions with (never `none` or HMAC; RFC 8725 §3.1). */
function algsFor(jwk: JWK): string[] {
  return jwk.kty === "EC" ? ["ES256"] : ["RS256", "PS256"];
}

/**
 * Authenticates the client at the token endpoint by private_key_jwt only (RFC 7523 §2.2):
 * signature by the registered key, claim checks, and the `jti` recorded atomically for
 * the assertion's lifetime so a replay fails even when two arrive at once.
 */
export async function authenticateClient(
  deps: FlowDeps<"replay">,
  req: { clientId: string; clientAssertionType: string; clientAssertion: string; httpBasicAuthPresent: boolean },
): Promise<ClientRecord> {
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
  let claims: Record<string, unknown>;
  try {
    const key = await verificationKeyOf(client, alg);
    // Signature only here; the time and identity claims are checked by the pure rule below.
    const { payload } = await compactVerify(req.clientAssertion, key, { algorithms });
    claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  } catch {
    throw invalidClient("the assertion signature does not verify with the registered key");
  }
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

  const expiresAt = ((claims.exp as number) + deps.settings.clockSkewSeconds) * 1000;
  const fresh = await deps.storage.replay.recordOnce("assertion_jti", hashSecret(`${client.clientId}\n${claims.jti as string}`), expiresAt, deps.clock());
  if (!fresh) throw invalidClient("the assertion jti was already used");
  return client;
}
