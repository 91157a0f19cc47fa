/**
 * Guessing limits per individual over gRPC, on sqlite and PostgreSQL: failures count across
 * fresh transactions, throttle with growing delays read from the injected clock, lock at the
 * cap until the lock expires or an operator clears it; correct credentials — however
 * concurrent — never lock anyone; a server-side failure costs nothing. Every refusal is
 * checked for its exact error and for leaving storage as it was.
 */
import { Code } from "@connectrpc/connect";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AdminService } from "../../src/gen/signet/v1/admin_pb.js";
import { databaseTargets } from "../helpers/databases.js";
import { refusal, startHarness, turns, wrongPin, type Harness, type Person } from "./harness.js";

/** Lowered cap so a walk to the lock takes 12 calls; the other limits are the defaults. */
const LOCK_AFTER = 12;
const LOCK_SECONDS = 3600;
/** Seconds waited between the failures of a walk to the cap: 5 free, then 1, 2, 4, … 64. */
const WALK_WAITS = [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64];

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  let h: Harness;
  test.before(async () => {
    h = await startHarness(target, { lockAfterFailures: LOCK_AFTER, lockSeconds: LOCK_SECONDS });
  });
  test.after.always(async () => {
    await h?.stop();
    await target.dispose();
  });
  const name = (s: string) => `${target.name}: ${s}`;
  const inTurn = turns();

  /** Walks `p` to the cap with wrong PINs on fresh transactions, waiting exactly the delays. */
  async function walkToLock(p: Person) {
    for (const wait of WALK_WAITS) {
      h.advance(wait * 1000);
      const o = await h.pinLogin(p.id, wrongPin(p));
      if (o.ok || o.detail?.error !== "auth_failed") throw new Error(`walk: expected auth_failed, got ${JSON.stringify(refusal(o))}`);
    }
  }

  test(name("the multi-transaction PIN walk: 5 free failures on fresh transactions, then throttled, then locked at the cap — even for the right PIN"), inTurn(async (t) => {
    const p = h.person();
    for (let i = 0; i < 5; i++) {
      t.like(refusal(await h.pinLogin(p.id, wrongPin(p))), { code: "Unauthenticated", error: "auth_failed", attemptsRemaining: 2 }, `failure ${i + 1}`);
    }
    const before = await h.record(p.id);
    t.like(before, { failures: 5, inFlight: 0, lockedUntil: null });
    const tx = await h.openTx();
    t.like(refusal(await h.pinLogin(p.id, wrongPin(p), tx)), {
      code: "ResourceExhausted", error: "too_early_attempt", retryAfterSeconds: 1,
      description: "too many failed attempts for this individual; try again in 1 s",
    });
    t.deepEqual(await h.record(p.id), before, "a refused attempt changes nothing stored");
    t.is((await h.signet.runtime.storage.transactions.get(tx.transactionId))?.authenticateCount, 0, "nor spends the transaction's attempts");

    for (const wait of WALK_WAITS.slice(5)) {
      h.advance(wait * 1000);
      t.like(refusal(await h.pinLogin(p.id, wrongPin(p))), { error: "auth_failed" });
    }
    const locked = await h.record(p.id);
    t.like(locked, { failures: LOCK_AFTER, lockedUntil: h.now() + LOCK_SECONDS * 1000 });

    const right = await h.openTx();
    const refused = await h.pinLogin(p.id, p.pin, right);
    t.like(refusal(refused), {
      code: "ResourceExhausted", error: "individual_id_blocked", retryAfterSeconds: LOCK_SECONDS,
      description: `too many failed attempts: this individual is locked; try again in ${LOCK_SECONDS} s (or ask an operator to unlock it)`,
    });
    t.like(!refused.ok && refused.detail, { redirectUri: h.rp.redirectUri, state: "st-1" }, "the login cannot go on: the client may be told");
    t.deepEqual(await h.record(p.id), locked);
    t.like(await h.signet.runtime.storage.transactions.get(right.transactionId), { authenticateCount: 0, state: "created" });
  }));

  test(name("throttling: each delay is refused 1 ms early and admitted on time, doubling from 1 s"), inTurn(async (t) => {
    const p = h.person();
    for (let i = 0; i < 5; i++) await h.pinLogin(p.id, wrongPin(p));
    for (const delay of [1, 2, 4, 8]) {
      t.like(refusal(await h.pinLogin(p.id, wrongPin(p))), { error: "too_early_attempt", retryAfterSeconds: delay });
      h.advance(delay * 1000 - 1);
      t.like(refusal(await h.pinLogin(p.id, wrongPin(p))), { error: "too_early_attempt", retryAfterSeconds: 1 }, `${delay} s − 1 ms`);
      h.advance(1);
      t.like(refusal(await h.pinLogin(p.id, wrongPin(p))), { error: "auth_failed" }, `${delay} s`);
    }
    t.like(await h.record(p.id), { failures: 9, inFlight: 0 });
  }));

  test(name("a lock expires by itself; the right PIN then logs in and clears the record, while a failure past the cap locks again"), inTurn(async (t) => {
    const [a, b] = [h.person(), h.person()];
    await walkToLock(a);
    await walkToLock(b);
    h.advance((await h.record(a.id))!.lockedUntil! - h.now() - 1);
    t.like(refusal(await h.pinLogin(a.id, a.pin)), { error: "individual_id_blocked", retryAfterSeconds: 1 });
    h.advance(1);
    t.true((await h.pinLogin(a.id, a.pin)).ok);
    t.like(await h.record(a.id), { failures: 0, lockedUntil: null, lastFailureAt: null, inFlight: 0 });

    h.advance((await h.record(b.id))!.lockedUntil! - h.now());
    t.like(refusal(await h.pinLogin(b.id, wrongPin(b))), { error: "auth_failed" }, "one guess after the lock");
    t.like(refusal(await h.pinLogin(b.id, b.pin)), { error: "individual_id_blocked", retryAfterSeconds: LOCK_SECONDS });
    t.like(await h.record(b.id), { failures: LOCK_AFTER + 1, lockedUntil: h.now() + LOCK_SECONDS * 1000 });
  }));

  test(name("an operator clears a lock with AdminService.UnlockIndividual (admin token required); the right PIN then works"), inTurn(async (t) => {
    const p = h.person();
    await walkToLock(p);
    const locked = await h.record(p.id);
    const anonymous = createClient(AdminService, createGrpcTransport({ baseUrl: h.signet.coreUrl }));
    const denied = await anonymous.unlockIndividual({ individualId: p.id }).catch((e: unknown) => e);
    t.like(refusal({ ok: false, code: (denied as { code: Code }).code, detail: undefined, message: "" }), { code: "Unauthenticated" });
    t.deepEqual(await h.record(p.id), locked, "nothing changed without the admin token");

    const typed = `${p.id.slice(0, 4)} ${p.id.slice(4, 7)}-${p.id.slice(7)}`;
    const cleared = await h.signet.admin.unlockIndividual({ individualId: typed });
    t.like(cleared, { found: true, consecutiveFailures: LOCK_AFTER, wasLocked: true });
    t.is(Number(cleared.lockedUntil?.seconds) * 1000 + cleared.lockedUntil!.nanos / 1e6, locked!.lockedUntil!);
    t.is(await h.record(p.id), null);
    t.true((await h.pinLogin(p.id, p.pin)).ok);
    t.like(await h.signet.admin.unlockIndividual({ individualId: "9999999999" }), { found: false, consecutiveFailures: 0, wasLocked: false });
    const blank = await h.signet.admin.unlockIndividual({ individualId: " - " }).catch((e: unknown) => e);
    t.like(blank, { code: Code.InvalidArgument });
  }));

  test(name("OTP flooding across transactions: 3 sends per 10 minutes and 10 per day per individual, each refusal spending nothing"), inTurn(async (t) => {
    const p = h.person();
    for (let i = 0; i < 3; i++) t.true((await h.sendOtp(p.id)).ok, `send ${i + 1}`);
    const before = await h.record(p.id);
    const tx = await h.openTx("mosip:idp:acr:generated-code");
    h.advance(60_000);
    t.like(refusal(await h.sendOtp(p.id, tx)), {
      code: "ResourceExhausted", error: "too_early_attempt", retryAfterSeconds: 540,
      description: "too many one-time passwords sent to this individual; try again in 540 s",
    });
    t.deepEqual(await h.record(p.id), before);
    t.is((await h.signet.runtime.storage.transactions.get(tx.transactionId))?.sendOtpCount, 0);
    let sent = 3;
    while (sent < 10) {
      h.advance(600_000);
      for (let i = 0; i < 3 && sent < 10; i++, sent++) t.true((await h.sendOtp(p.id)).ok, `send ${sent + 1}`);
    }
    // The 10 sends took 3 windows plus 1 minute; the first leaves the day 24 h after it was made.
    t.like(refusal(await h.sendOtp(p.id)), { error: "too_early_attempt", retryAfterSeconds: 86400 - 60 - 3 * 600 });
    t.is((await h.record(p.id))?.otpSends.length, 10);
  }));

  test(name("10 parallel correct PINs on separate transactions all log in and leave no failure"), inTurn(async (t) => {
    const p = h.person();
    const txs = await Promise.all(Array.from({ length: 10 }, () => h.openTx()));
    const results = await Promise.all(txs.map((tx) => h.pinLogin(p.id, p.pin, tx)));
    t.deepEqual(results.map((r) => r.ok), Array(10).fill(true));
    t.like(await h.record(p.id), { failures: 0, inFlight: 0, lockedUntil: null });
  }));

  test(name("4 concurrent correct PINs on one transaction: one logs in, the rest end that transaction only, and nobody is locked out"), inTurn(async (t) => {
    const p = h.person();
    const tx = await h.openTx();
    const results = await Promise.all(Array.from({ length: 4 }, () => h.pinLogin(p.id, p.pin, tx)));
    t.is(results.filter((r) => r.ok).length, 1);
    for (const r of results.filter((x) => !x.ok)) t.not(refusal(r).error, "individual_id_blocked");
    t.like(await h.record(p.id), { failures: 0, inFlight: 0, lockedUntil: null });
    t.true((await h.pinLogin(p.id, p.pin)).ok, "a new login works at once");
  }));

  test(name("a success resets the consecutive failures: 4 failures, a success, then 5 more before any delay"), inTurn(async (t) => {
    const p = h.person();
    for (let i = 0; i < 4; i++) await h.pinLogin(p.id, wrongPin(p));
    t.true((await h.pinLogin(p.id, p.pin)).ok);
    t.like(await h.record(p.id), { failures: 0, lastFailureAt: null });
    for (let i = 0; i < 5; i++) t.like(refusal(await h.pinLogin(p.id, wrongPin(p))), { error: "auth_failed" }, `failure ${i + 1}`);
    t.like(refusal(await h.pinLogin(p.id, wrongPin(p))), { error: "too_early_attempt", retryAfterSeconds: 1 });
  }));

  test(name("an identity system that is down costs the resident nothing: no failure, no send, no transaction attempt"), inTurn(async (t) => {
    const p = h.person();
    await h.pinLogin(p.id, wrongPin(p));
    await h.sendOtp(p.id);
    const before = await h.record(p.id);
    const pinTx = await h.openTx();
    const otpTx = await h.openTx("mosip:idp:acr:generated-code");
    h.setIdentityDown(true);
    let results;
    try {
      results = [await h.pinLogin(p.id, p.pin, pinTx), await h.sendOtp(p.id, otpTx)];
    } finally {
      h.setIdentityDown(false);
    }
    for (const r of results) {
      t.false(r.ok);
      t.true(!r.ok && [Code.Internal, Code.Unavailable].includes(r.code), `a server-side code, got ${!r.ok && Code[r.code]}`);
    }
    t.deepEqual(await h.record(p.id), { ...before!, version: before!.version + 4 }, "two admissions, each given back");
    t.like(await h.signet.runtime.storage.transactions.get(pinTx.transactionId), { authenticateCount: 0 });
    t.like(await h.signet.runtime.storage.transactions.get(otpTx.transactionId), { sendOtpCount: 0 });
  }));

  test(name("an unknown id is counted like a registered one: the same failures, the same throttle"), inTurn(async (t) => {
    const ghost = "8000000001";
    for (let i = 0; i < 5; i++) t.like(refusal(await h.pinLogin(ghost, "123456")), { error: "auth_failed", attemptsRemaining: 2 });
    t.like(refusal(await h.pinLogin(ghost, "123456")), { error: "too_early_attempt", retryAfterSeconds: 1 });
    t.like(await h.record(ghost), { failures: 5 });
    t.like(await h.record(" 8000-000 001 "), { failures: 5 }, "the same record under any spacing of the id");
  }));
}
