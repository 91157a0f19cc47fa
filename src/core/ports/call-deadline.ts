import { contextSlot } from "./call-context.js";

/**
 * The deadline of the call being served, for the adapters it reaches (storage, identity
 * system): an AbortSignal that aborts when the caller's gRPC deadline passes, the caller
 * cancels, or the server gives up at the end of its shutdown grace. The RPC boundary sets it
 * around each handler; an adapter stops waiting when it aborts, so a hung dependency costs a
 * call no more than the time its caller is willing to wait.
 */
const scope = contextSlot<AbortSignal>("call deadline");

/** Runs `fn` with `signal` as the deadline of everything it calls. */
export function withCallDeadline<T>(signal: AbortSignal, fn: () => T): T {
  return scope.run(signal, fn);
}

/** The deadline of the call being served, if any. */
export function callDeadline(): AbortSignal | undefined {
  return scope.getStore();
}

/**
 * Runs `fn` outside any call's deadline: for work shared by several calls (a key reload, a
 * cached client lookup), which one caller giving up must not fail for the others.
 */
export function withoutCallDeadline<T>(fn: () => T): T {
  return scope.exit(fn);
}
