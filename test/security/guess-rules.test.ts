/**
 * The per-individual guessing limits as pure rules, table-style, with the shipped defaults —
 * and the arithmetic the README's security model quotes, computed from the same functions.
 */
import test from "ava";
import { loadConfig } from "../../src/config/config.js";
import {
  IN_FLIGHT_STALE_MS, MAX_PARALLEL_ATTEMPTS, NO_HISTORY, OTP_DAY_MS,
  admitAttempt, admitOtpSend, afterFailure, refundOtpSend, throttleDelayMs,
  type GuessLimits,
} from "../../src/core/limits/guess-rules.js";
import type { IndividualLimitState } from "../../src/core/ports/storage/index.js";

const DEFAULTS: GuessLimits = loadConfig({ env: {} }).login;
const T0 = 1_800_000_000_000;
const S = 1000;

/** `n` failures settled one after another, the last at `at`. */
function failed(n: number, at: number, limits = DEFAULTS): IndividualLimitState {
  let s: IndividualLimitState = NO_HISTORY;
  for (let i = 0; i < n; i++) s = afterFailure({ ...s, inFlight: 1, lastAttemptAt: at }, at, limits);
  return s;
}

test("the shipped defaults: throttle after 5, 1 s doubling to 1 h, lock at 100 for a day, remember 30 days, OTP 3 per 10 min and 10 per day", (t) => {
  t.like(DEFAULTS, {
    throttleAfterFailures: 5, throttleBaseSeconds: 1, throttleMaxSeconds: 3600, lockAfterFailures: 100,
    lockSeconds: 86400, failureMemorySeconds: 30 * 86400, otpSendsPerWindow: 3, otpSendWindowSeconds: 600, otpSendsPerDay: 10,
  });
});

test("the delay is 0 below the threshold, then doubles from the base up to the maximum", (t) => {
  const delays = [0, 4, 5, 6, 7, 16, 17, 99, 500].map((f) => throttleDelayMs(f, DEFAULTS) / S);
  t.deepEqual(delays, [0, 0, 1, 2, 4, 2048, 3600, 3600, 3600]);
});

test("below the threshold up to 10 attempts are checked at once; the 11th waits 1 s", (t) => {
  let s = failed(4, T0);
  for (let i = 0; i < MAX_PARALLEL_ATTEMPTS; i++) {
    const d = admitAttempt(s, T0 + S, DEFAULTS);
    if (!d.ok) return t.fail(`attempt ${i + 1} refused`);
    s = d.next;
  }
  t.is(s.inFlight, MAX_PARALLEL_ATTEMPTS);
  t.deepEqual(admitAttempt(s, T0 + S, DEFAULTS), { ok: false, refusal: { reason: "busy", retryAfterMs: 1000 } });
});

test("from the threshold on, an attempt waits the delay since the latest failure, and only one is checked at a time", (t) => {
  const s = failed(7, T0); // delay 4 s
  t.deepEqual(admitAttempt(s, T0 + 4 * S - 1, DEFAULTS), { ok: false, refusal: { reason: "throttled", retryAfterMs: 1 } });
  const d = admitAttempt(s, T0 + 4 * S, DEFAULTS);
  t.true(d.ok);
  if (!d.ok) return;
  t.deepEqual(admitAttempt(d.next, T0 + 4 * S, DEFAULTS), { ok: false, refusal: { reason: "busy", retryAfterMs: 1000 } });
});

test("the 100th consecutive failure locks for a day; every failure past the cap locks again", (t) => {
  const s = failed(100, T0);
  t.is(s.lockedUntil, T0 + 86400 * S);
  t.deepEqual(admitAttempt(s, T0 + 3600 * S, DEFAULTS), { ok: false, refusal: { reason: "locked", retryAfterMs: 82800 * S } });
  const after = admitAttempt(s, T0 + 86400 * S, DEFAULTS);
  t.true(after.ok, "the lock expires");
  if (!after.ok) return;
  t.is(afterFailure(after.next, T0 + 86400 * S, DEFAULTS).lockedUntil, T0 + 2 * 86400 * S);
});

test("failures are forgotten 30 days after the latest one, never during a lock", (t) => {
  const s = failed(20, T0);
  const before = admitAttempt(s, T0 + 30 * 86400 * S - 1, DEFAULTS);
  t.true(before.ok && before.next.failures === 20);
  const after = admitAttempt(s, T0 + 30 * 86400 * S, DEFAULTS);
  t.true(after.ok && after.next.failures === 0 && after.next.lastFailureAt === null);
  const locked = { ...failed(100, T0), lockedUntil: T0 + 40 * 86400 * S };
  t.like(admitAttempt(locked, T0 + 31 * 86400 * S, DEFAULTS), { ok: false, refusal: { reason: "locked" } });
});

test("an in-flight count no attempt was admitted to for 2 minutes is taken as lost", (t) => {
  const stuck: IndividualLimitState = { ...NO_HISTORY, inFlight: MAX_PARALLEL_ATTEMPTS, lastAttemptAt: T0 };
  t.false(admitAttempt(stuck, T0 + IN_FLIGHT_STALE_MS - 1, DEFAULTS).ok);
  const d = admitAttempt(stuck, T0 + IN_FLIGHT_STALE_MS, DEFAULTS);
  t.true(d.ok && d.next.inFlight === 1);
});

test("OTP sends: 3 per sliding 10 minutes and 10 per sliding day, with the exact wait; a refund gives one back", (t) => {
  let s: IndividualLimitState = NO_HISTORY;
  const send = (at: number) => {
    const d = admitOtpSend(s, at, DEFAULTS);
    if (d.ok) s = d.next;
    return d;
  };
  for (const m of [0, 1, 2]) t.true(send(T0 + m * 60 * S).ok);
  t.deepEqual(send(T0 + 3 * 60 * S), { ok: false, refusal: { reason: "otp_window", retryAfterMs: 7 * 60 * S } });
  t.true(send(T0 + 10 * 60 * S).ok, "the first send left the window");
  const refunded = refundOtpSend(s, T0 + 10 * 60 * S);
  t.true(refunded.ok && refunded.next.otpSends.length === s.otpSends.length - 1);
  for (let i = 1; i <= 6; i++) t.true(send(T0 + i * 3600 * S).ok, `hour ${i}`);
  t.is(s.otpSends.length, 10);
  t.deepEqual(send(T0 + 20 * 3600 * S), { ok: false, refusal: { reason: "otp_day", retryAfterMs: 4 * 3600 * S } });
  t.true(send(T0 + OTP_DAY_MS).ok, "the first send of the day left the 24 hours");
});

/**
 * An attacker who guesses one individual's PIN as fast as the limits allow, for `days`. With
 * `pause`, after reaching the cap they stop until the failures are forgotten (30 days after the
 * last), then start again: the better strategy over a year.
 */
function guessesIn(days: number, pause = false): number {
  let s: IndividualLimitState = NO_HISTORY;
  let now = T0;
  let guesses = 0;
  while (now < T0 + days * OTP_DAY_MS) {
    if (pause && s.failures >= DEFAULTS.lockAfterFailures) {
      now = s.lastFailureAt! + DEFAULTS.failureMemorySeconds * S;
      s = NO_HISTORY;
      continue;
    }
    const d = admitAttempt(s, now, DEFAULTS);
    if (!d.ok) {
      now += d.refusal.retryAfterMs;
      continue;
    }
    s = afterFailure(d.next, now, DEFAULTS);
    guesses++;
  }
  return guesses;
}

test("the README's arithmetic: at most 39 guesses in the first day, 100 in 3.5 days, then one a day, or 1,100 a year by pausing", (t) => {
  t.deepEqual([1, 2, 3, 4, 5, 365].map((d) => guessesIn(d)), [39, 63, 87, 100, 101, 461]);
  t.is(guessesIn(365, true), 1100);
  // Time to reach the cap: 5 free, then 1 s, 2 s, … 2048 s (12 attempts, 4095 s), then 83 at 1 h.
  let s: IndividualLimitState = NO_HISTORY;
  let now = T0;
  while (s.failures < 100) {
    const d = admitAttempt(s, now, DEFAULTS);
    if (d.ok) s = afterFailure(d.next, now, DEFAULTS);
    else now += d.refusal.retryAfterMs;
  }
  t.is((now - T0) / S, 4095 + 83 * 3600);
});
