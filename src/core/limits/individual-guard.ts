import { setTimeout as sleep } from "node:timers/promises";
import type { IndividualLimitsRepository, IndividualLimitState } from "../ports/storage/index.js";
import type { Clock } from "../ports/clock.js";
import { signetError, type ErrorRedirect } from "../errors/index.js";
import type { Logger } from "../logger.js";
import {
  BUSY_RETRY_MS, NO_HISTORY, admitAttempt, admitOtpSend, refundOtpSend, retentionMs,
  type Decision, type GuessLimits, type Refusal,
} from "./guess-rules.js";

/** What the guard needs. */
export interface GuardDeps {
  readonly repo: IndividualLimitsRepository;
  readonly limits: GuessLimits;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** How an admitted attempt ended. `not_charged`: it was never checked, or the server failed. */
export type AttemptOutcome = "success" | "failure" | "not_charged";

/** An admitted Authenticate attempt; settle it exactly once (later calls do nothing). */
export interface AttemptTicket {
  settle(outcome: AttemptOutcome): Promise<void>;
}

/** Rounds of read-decide-write before giving up under contention (answered as "busy", nothing charged). */
const CAS_ROUNDS = 24;

/**
 * Reads the individual's record, decides, and writes the decision only if nobody wrote in
 * between (compare-and-set on the row version), retrying with a short random pause. The same
 * on sqlite and PostgreSQL, and across instances, with no lock held while deciding.
 */
async function decideAndStore(
  deps: GuardDeps,
  key: string,
  decide: (state: IndividualLimitState, now: number) => Decision,
): Promise<{ ok: true; now: number } | { ok: false; refusal: Refusal }> {
  for (let round = 0; round < CAS_ROUNDS; round++) {
    const now = deps.clock();
    const stored = await deps.repo.get(key);
    const decision = decide(stored ?? NO_HISTORY, now);
    if (!decision.ok) return decision;
    const expiresAt = Math.max(stored?.expiresAt ?? 0, now + retentionMs(deps.limits));
    if (await deps.repo.compareAndSet(key, decision.next, stored?.version ?? null, expiresAt, now)) return { ok: true, now };
    await sleep(Math.random() * Math.min(2 ** round, 50));
  }
  deps.logger.warn("individual_limits.contended", { rounds: CAS_ROUNDS });
  return { ok: false, refusal: { reason: "busy", retryAfterMs: BUSY_RETRY_MS } };
}

/**
 * Admits an Authenticate attempt for the individual under `key`, or throws the refusal
 * (RESOURCE_EXHAUSTED with `retry_after_seconds`). A locked individual's refusal carries
 * `redirect`, as the login cannot go on; a throttled one may simply try again later.
 */
export async function beginAttempt(deps: GuardDeps, key: string, redirect?: ErrorRedirect): Promise<AttemptTicket> {
  const admitted = await decideAndStore(deps, key, (state, now) => admitAttempt(state, now, deps.limits));
  if (!admitted.ok) throw refusalError(deps, admitted.refusal, redirect);
  let settled = false;
  return {
    async settle(outcome) {
      if (settled) return;
      settled = true;
      const now = deps.clock();
      if (outcome === "success") return deps.repo.recordSuccess(key, now);
      if (outcome === "not_charged") return deps.repo.release(key, now);
      const { lockAfterFailures, lockSeconds } = deps.limits;
      await deps.repo.recordFailure(key, now, { after: lockAfterFailures, until: now + lockSeconds * 1000 }, now + retentionMs(deps.limits));
    },
  };
}

/** A recorded OTP send; `refund` gives it back when the server failed to send it. */
export interface SendTicket {
  refund(): Promise<void>;
}

/** Records an OTP send for the individual under `key`, or throws the refusal (locked, or a send window is full). */
export async function beginOtpSend(deps: GuardDeps, key: string, redirect?: ErrorRedirect): Promise<SendTicket> {
  const admitted = await decideAndStore(deps, key, (state, now) => admitOtpSend(state, now, deps.limits));
  if (!admitted.ok) throw refusalError(deps, admitted.refusal, redirect);
  const sentAt = admitted.now;
  return {
    async refund() {
      const given = await decideAndStore(deps, key, (state) => refundOtpSend(state, sentAt));
      if (!given.ok) deps.logger.warn("otp.send_refund_lost", {});
    },
  };
}

const descriptions: Record<Refusal["reason"], string> = {
  locked: "too many failed attempts: this individual is locked",
  throttled: "too many failed attempts for this individual",
  busy: "another attempt for this individual is being checked",
  otp_window: "too many one-time passwords sent to this individual",
  otp_day: "too many one-time passwords sent to this individual today",
};

/** The refusal as the RPC error: `individual_id_blocked` for a lock, `too_early_attempt` otherwise. */
function refusalError(deps: GuardDeps, refusal: Refusal, redirect: ErrorRedirect | undefined) {
  const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  deps.logger.info("individual_limits.refused", { reason: refusal.reason, retry_after_seconds: seconds });
  const description = `${descriptions[refusal.reason]}; try again in ${seconds} s`;
  if (refusal.reason === "locked") {
    return signetError("individual_id_blocked", `${description} (or ask an operator to unlock it)`, { field: "individual_id", retryAfterSeconds: seconds, redirect });
  }
  return signetError("too_early_attempt", description, { field: "individual_id", retryAfterSeconds: seconds });
}
