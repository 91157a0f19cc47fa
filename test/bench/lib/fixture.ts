/**
 * What every bench process shares, written once by the orchestrator into a temp dir: the relying
 * party's and the wallet's keys (the servers get only the public halves through registration),
 * the synthetic residents, and the secrets both Signet instances of the PostgreSQL mode must agree on.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { DEFAULT_IDENTITIES_FILE } from "../../../src/identity/mock/mock-identity-system.js";

export interface KeyPairJwk {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export interface Fixture {
  readonly dir: string;
  readonly rp: KeyPairJwk & { readonly clientId: string; readonly redirectUri: string };
  readonly wallet: KeyPairJwk & { readonly clientId: string; readonly redirectUri: string };
  /** The wallet's holder key, proven in credential requests. */
  readonly holder: KeyPairJwk;
  /** Individual ids of the synthetic residents (OTP 111111 after SendOtp). */
  readonly individuals: readonly string[];
  /** Their records, by individual id, as the peer's account store needs them. */
  readonly people: Readonly<Record<string, { subjectId: string; name: string; email: string; birthdate: string }>>;
  readonly identitiesFile: string;
  readonly adminToken: string;
  readonly cookieSecret: string;
  readonly keyEncryptionKey: string;
  readonly pairwiseSalt: string;
}

async function es256(): Promise<KeyPairJwk> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

/**
 * Creates the fixture in `dir`. The residents are copies of the first seeded mock identity with
 * their own ids, so logins spread over many people (as real traffic does) instead of one.
 */
export async function createFixture(dir: string, residents = 200): Promise<Fixture> {
  const seeded = JSON.parse(readFileSync(DEFAULT_IDENTITIES_FILE, "utf8")) as { identities: Record<string, unknown>[] };
  const template = seeded.identities[0]!;
  const identities = Array.from({ length: residents }, (_, i) => ({
    ...template,
    subjectId: `bench-subject-${i}`,
    individualId: String(7000000000 + i),
    biometricSeed: `bench-${i}`,
  }));
  const identitiesFile = join(dir, "identities.json");
  writeFileSync(identitiesFile, JSON.stringify({ identities }));
  const name = (template.name as Record<string, string>).eng ?? "Resident";
  const people = Object.fromEntries(
    identities.map((p) => [p.individualId, { subjectId: p.subjectId, name, email: String(template.email), birthdate: String(template.birthdate) }]),
  );
  const fixture: Fixture = {
    dir,
    rp: { ...(await es256()), clientId: "bench-rp", redirectUri: "https://rp.example.org/cb" },
    wallet: { ...(await es256()), clientId: "bench-wallet", redirectUri: "io.example.wallet:/callback" },
    holder: await es256(),
    individuals: identities.map((p) => p.individualId),
    people,
    identitiesFile,
    adminToken: randomBytes(32).toString("base64url"),
    cookieSecret: randomBytes(32).toString("base64url"),
    keyEncryptionKey: randomBytes(32).toString("base64"),
    pairwiseSalt: randomBytes(32).toString("base64url"),
  };
  writeFileSync(join(dir, "fixture.json"), JSON.stringify(fixture));
  return fixture;
}

/** Reads the fixture the orchestrator wrote. */
export function readFixture(file: string): Fixture {
  return JSON.parse(readFileSync(file, "utf8")) as Fixture;
}
