/**
 * A whole Signet for the security tests, on one database target: a hand-moved clock, a mock
 * identity system seeded with enough people that every test has its own, a switch that makes
 * the identity system unreachable, and helpers to drive the flow over gRPC and read the
 * per-individual record the limits keep.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema, type ErrorDetail } from "../../src/gen/signet/v1/error_pb.js";
import { silentLogger } from "../../src/core/logger.js";
import { individualKey, normaliseIndividualId } from "../../src/core/limits/individual-id.js";
import { MockIdentitySystem } from "../../src/identity/mock/mock-identity-system.js";
import type { MockIdentity } from "../../src/identity/mock/mock-identity.js";
import { mockIdentityState } from "../../src/storage/mock-identity.js";
import type { IdentitySystem } from "../../src/core/ports/identity.js";
import type { StoredIndividualLimits } from "../../src/core/ports/storage/index.js";
import { pkcePair } from "../helpers/pkce.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import type { DatabaseTarget } from "../helpers/databases.js";

export const PIN_ACR = "mosip:idp:acr:static-code";
export const OTP_ACR = "mosip:idp:acr:generated-code";
export const OTP = "111111";

/** A seeded person: their id and PIN. */
export interface Person {
  readonly id: string;
  readonly pin: string;
}

const PEOPLE: MockIdentity[] = Array.from({ length: 80 }, (_, i) => ({
  subjectId: `security-subject-${i}`,
  individualId: String(7_000_000_000 + i),
  pin: String(300_000 + i),
  biometricSeed: `security-${i}`,
  name: `Resident ${i}`,
  email: `resident${i}@example.org`,
  phone: `+1555000${String(i).padStart(4, "0")}`,
}));

/** An id no one has (same shape as the seeded ones). */
export function unknownId(n: number): string {
  return String(8_000_000_000 + n);
}

export interface Harness {
  readonly signet: SignetUnderTest;
  readonly rp: RegisteredClient;
  /** The clock every part of this Signet reads. */
  now(): number;
  advance(ms: number): void;
  /** A person no other test uses. */
  person(): Person;
  /** Makes every identity-system call fail as if the system were down. */
  setIdentityDown(down: boolean): void;
  /** Identity-system calls made so far, by method. */
  readonly identityCalls: Record<string, number>;
  /** Opens a transaction over gRPC offering `acr`. */
  openTx(acr?: string): Promise<{ transactionId: string; csrfToken: string }>;
  /** Authenticate with a PIN on a fresh transaction: the response or the error. */
  pinLogin(individualId: string, pin: string, tx?: { transactionId: string; csrfToken: string }): Promise<Outcome>;
  /** SendOtp on a fresh transaction (or `tx`). */
  sendOtp(individualId: string, tx?: { transactionId: string; csrfToken: string }): Promise<Outcome>;
  /** What the limits keep for an individual id, under its keyed hash. */
  record(individualId: string): Promise<StoredIndividualLimits | null>;
  stop(): Promise<void>;
}

/** A call's result: its response, or its gRPC code and ErrorDetail. */
export type Outcome<T = unknown> = { ok: true; value: T } | { ok: false; code: Code; detail: ErrorDetail | undefined; message: string };

/** Runs a call and captures its error as data. */
export async function outcome<T>(call: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call };
  } catch (err) {
    const e = ConnectError.from(err);
    return { ok: false, code: e.code, detail: e.findDetails(ErrorDetailSchema)[0], message: e.rawMessage };
  }
}

/** The error part of an outcome, for `t.like`: code, error, description, retry and attempts. */
export function refusal(o: Outcome) {
  if (o.ok) return { ok: true };
  const d = o.detail;
  return { code: Code[o.code], error: d?.error, description: d?.errorDescription, retryAfterSeconds: d?.retryAfterSeconds, attemptsRemaining: d?.attemptsRemaining };
}

/** Starts a Signet on `target` with these `login` settings. */
export async function startHarness(target: Pick<DatabaseTarget, "fresh">, login: Record<string, unknown> = {}): Promise<Harness> {
  let now = Math.floor(Date.now() / 1000) * 1000;
  const clock = () => now;
  let down = false;
  const identityCalls: Record<string, number> = {};
  const db = await target.fresh();
  const mock = new MockIdentitySystem({ production: false, logger: silentLogger, clock, identities: PEOPLE, state: mockIdentityState(db) });
  const gate = <A extends unknown[], R>(name: string, fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    identityCalls[name] = (identityCalls[name] ?? 0) + 1;
    if (down) throw new Error("connect ECONNREFUSED identity-system:443");
    return fn(...a);
  };
  const identitySystem: IdentitySystem = {
    sendOtp: gate("sendOtp", (i) => mock.sendOtp(i)),
    kycAuth: gate("kycAuth", (i) => mock.kycAuth(i)),
    kycExchange: gate("kycExchange", (i) => mock.kycExchange(i)),
    revokeKycToken: (token) => mock.revokeKycToken(token),
  };
  const signet = await startSignet({ db, clock, identitySystem, overrides: { login } });
  const rp = await signet.registerClient({ acrValues: [PIN_ACR, OTP_ACR] });
  let next = 0;
  const openTx = async (acr = PIN_ACR) => {
    const { transaction } = await signet.identity.authorize({
      clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid",
      codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256", acrValues: acr, state: "st-1",
    });
    return { transactionId: transaction!.transactionId, csrfToken: transaction!.csrfToken };
  };
  return {
    signet,
    rp,
    now: clock,
    advance(ms) {
      now += ms;
    },
    person() {
      const p = PEOPLE[next++];
      if (!p) throw new Error("the security harness ran out of seeded people");
      return { id: p.individualId, pin: p.pin };
    },
    setIdentityDown(value) {
      down = value;
    },
    identityCalls,
    openTx,
    async pinLogin(individualId, pin, tx) {
      const open = tx ?? (await openTx(PIN_ACR));
      return outcome(signet.identity.authenticate({ ...open, individualId, challenges: [{ challenge: { case: "pin", value: pin } }] }));
    },
    async sendOtp(individualId, tx) {
      const open = tx ?? (await openTx(OTP_ACR));
      return outcome(signet.identity.sendOtp({ ...open, individualId }));
    },
    async record(individualId) {
      const normalised = normaliseIndividualId(individualId);
      if (!normalised.ok) throw new Error(`not an individual id: ${individualId}`);
      return signet.runtime.storage.individualLimits.get(individualKey(signet.runtime.secrets, normalised.id));
    },
    stop: () => signet.stop(),
  };
}

/**
 * Runs the tests given to it one after another (they share one moving clock), while tests on
 * other databases run at the same time: `test(name, inTurn(async (t) => …))`.
 */
export function turns() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(body: (t: T) => Promise<void>) => (t: T): Promise<void> => {
    const run = last.then(() => body(t));
    last = run.catch(() => {});
    return run;
  };
}

/** A wrong PIN for a person (never their own). */
export function wrongPin(p: Person): string {
  return p.pin === "000000" ? "000001" : "000000";
}
