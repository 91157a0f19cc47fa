/**
 * The in-process call's signal behaves as an AbortSignal for everything the call's code does
 * with one: listeners hear the abort once, in order, with the reason readable; removal, `once`
 * and the `signal` option work; a throwing listener keeps no other from hearing it; Node APIs
 * that take a signal (`timers/promises`, `events.once`) stop on it.
 */
import { EventEmitter, getEventListeners, once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { CallSignal } from "../../src/server/dispatch/call-signal.js";

test("listeners hear the abort once, in the order added, with the signal as this and the reason set", (t) => {
  const signal = new CallSignal();
  const heard: string[] = [];
  signal.onabort = function (this: AbortSignal, e) {
    heard.push(`onabort ${e.type} ${String(this.reason)}`);
  };
  signal.addEventListener("abort", function (this: AbortSignal) {
    heard.push(`first ${this === signal} ${String(signal.reason)}`);
  });
  signal.addEventListener("abort", { handleEvent: (e) => heard.push(`object ${e.type}`) });
  t.false(signal.aborted);
  t.notThrows(() => signal.throwIfAborted());
  signal.abort("over");
  signal.abort("again");
  t.true(signal.aborted);
  t.is(signal.reason, "over", "the first reason stays");
  t.deepEqual(heard, ["onabort abort over", "first true over", "object abort"]);
  t.is(t.throws(() => signal.throwIfAborted(), { any: true }), "over" as never);
});

test("a removed listener, a duplicate, another event type and a listener added after the abort are not called", (t) => {
  const signal = new CallSignal();
  let calls = 0;
  const count = () => calls++;
  const removed = () => t.fail("removed listener called");
  signal.addEventListener("abort", count);
  signal.addEventListener("abort", count, { once: true }); // the same listener again: one call
  signal.addEventListener("abort", removed);
  signal.removeEventListener("abort", removed);
  signal.addEventListener("other", () => t.fail("other type called"));
  signal.abort(new Error("x"));
  signal.addEventListener("abort", () => t.fail("added after the abort"));
  t.is(calls, 1);
});

test("the signal option removes the listener when its own signal aborts", (t) => {
  const signal = new CallSignal();
  const until = new AbortController();
  let calls = 0;
  signal.addEventListener("abort", () => calls++, { signal: until.signal });
  signal.addEventListener("abort", () => t.fail("its signal had aborted already"), { signal: AbortSignal.abort() });
  until.abort();
  signal.abort("over");
  t.is(calls, 0);
});

test("a listener with the signal option leaves nothing on that signal once it is removed or this signal aborts", (t) => {
  const until = new AbortController(); // long-lived, e.g. a server's shutdown signal
  for (let i = 0; i < 3; i++) {
    const signal = new CallSignal();
    const removed = () => t.fail("removed listener called");
    signal.addEventListener("abort", removed, { signal: until.signal });
    signal.addEventListener("abort", () => undefined, { signal: until.signal });
    signal.removeEventListener("abort", removed);
    t.is(getEventListeners(until.signal, "abort").length, 1, "the removed listener's hold on it is gone");
    signal.abort("over");
    t.is(getEventListeners(until.signal, "abort").length, 0, "nothing left after the abort");
  }
});

test.serial("a listener that throws keeps no other from hearing the abort; its error is reported as uncaught", async (t) => {
  const signal = new CallSignal();
  const heard: string[] = [];
  const boom = new Error("listener failed");
  // The test runner's own handler would count the error as this file's failure: it is set aside
  // while this (serial) test expects it.
  const runners = process.listeners("uncaughtException");
  process.removeAllListeners("uncaughtException");
  t.teardown(() => runners.forEach((l) => process.on("uncaughtException", l)));
  const reported = new Promise<unknown>((resolve) => process.once("uncaughtException", resolve));
  signal.addEventListener("abort", () => {
    throw boom;
  });
  signal.addEventListener("abort", () => heard.push("second"));
  t.notThrows(() => signal.abort("over"), "aborting does not throw the listener's error");
  t.deepEqual(heard, ["second"]);
  t.is(await reported, boom);
});

test("Node APIs that take a signal stop on it", async (t) => {
  const signal = new CallSignal();
  const sleeping = sleep(10_000, undefined, { signal: signal as AbortSignal });
  const waiting = once(new EventEmitter(), "never", { signal: signal as AbortSignal });
  signal.abort(new Error("deadline"));
  const slept = await t.throwsAsync(sleeping);
  t.is(slept?.name, "AbortError");
  const waited = await t.throwsAsync(waiting);
  t.is(waited?.name, "AbortError");
});
