import test from "ava";
import { fire, mayTake, steps, transitions } from "../../src/core/flow/login-state-machine.js";
import type { TransactionsRepository } from "../../src/core/ports/storage/index.js";

/** A transactions repository that records the conditional updates it is asked for. */
function recording() {
  const calls: [string, string, string][] = [];
  const repo: Pick<TransactionsRepository, "transition"> = {
    async transition(id, from, to) {
      calls.push([id, from, to]);
      return null;
    },
  };
  return { repo, calls };
}

test("a named transition becomes one conditional update from the state read", async (t) => {
  const { repo, calls } = recording();
  await fire(repo, { id: "t1", state: "authenticated" }, "deny", {}, 0);
  await fire(repo, { id: "t2", state: "created" }, "authenticate", {}, 0);
  t.deepEqual(calls, [["t1", "authenticated", "failed"], ["t2", "created", "authenticated"]]);
});

test("a transition with one source state may be fired by id alone; one with several may not", async (t) => {
  const { repo, calls } = recording();
  await fire(repo, { id: "t1" }, "exchange", {}, 0);
  t.deepEqual(calls, [["t1", "code_issued", "exchanged"]]);
  await t.throwsAsync(fire(repo, { id: "t2" }, "deny", {}, 0), { message: /no deny transition from an unstated state/ });
});

test("the machine refuses a transition it does not have, before touching the store", async (t) => {
  const { repo, calls } = recording();
  await t.throwsAsync(fire(repo, { id: "t1", state: "created" }, "issueCode", {}, 0), { message: /no issueCode transition from created/ });
  await t.throwsAsync(fire(repo, { id: "t1", state: "exchanged" }, "deny", {}, 0), { message: /no deny transition from exchanged/ });
  t.deepEqual(calls, []);
});

test("final states take no step and have no way out", (t) => {
  for (const state of ["exchanged", "failed"] as const) {
    t.false(Object.values(transitions).some((e) => (e.from as readonly string[]).includes(state)), `${state} is final`);
    for (const step of Object.keys(steps) as (keyof typeof steps)[]) t.false(mayTake(step, state), `${step} in ${state}`);
  }
  t.true(mayTake("getTransaction", "authenticated"));
  t.false(mayTake("sendOtp", "authenticated"));
});
