type Listener = EventListenerOrEventListenerObject;

/**
 * The signal of one call the core serves, in process or over gRPC: an AbortSignal in every
 * member the call's code uses (`aborted`, `reason`, `throwIfAborted`, `onabort`, and "abort"
 * listeners, `once` and `signal` options included), kept in plain fields. Node 20 builds an
 * AbortController's signal as an EventTarget whose prototype it then replaces, which makes it slow
 * to build and slow to listen on (measured: 4 µs to create and 2.7 µs more to abort, against well
 * under 0.1 µs here), and a call needs one.
 *
 * It is not an EventTarget: Node APIs that need a genuine AbortSignal (`AbortSignal.any`,
 * `events.setMaxListeners`, `events.addAbortListener`) must not be handed one. Those that only
 * read `aborted` and add an "abort" listener (`fetch`, `timers/promises`, `events.once`) accept it.
 */
export class CallSignal implements AbortSignal {
  aborted = false;
  // The DOM type of AbortSignal.reason.
  reason: any = undefined;
  onabort: ((this: AbortSignal, ev: Event) => unknown) | null = null;
  #listeners: Listener[] | undefined;

  /** Aborts with `reason` and tells the listeners (each once); later calls do nothing. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (!listeners && !this.onabort) return;
    this.#dispatch(new Event("abort"), listeners ?? []);
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  addEventListener(type: string, listener: Listener | null, options?: AddEventListenerOptions | boolean): void {
    if (type !== "abort" || !listener || this.aborted) return;
    const list = (this.#listeners ??= []);
    if (list.includes(listener)) return;
    const until = typeof options === "object" ? options.signal : undefined;
    if (until?.aborted) return;
    list.push(listener);
    until?.addEventListener("abort", () => this.removeEventListener(type, listener), { once: true });
  }

  removeEventListener(type: string, listener: Listener | null): void {
    if (type !== "abort" || !listener || !this.#listeners) return;
    const i = this.#listeners.indexOf(listener);
    if (i >= 0) this.#listeners.splice(i, 1);
  }

  dispatchEvent(event: Event): boolean {
    if (event.type === "abort") this.#dispatch(event, [...(this.#listeners ?? [])]);
    return !event.defaultPrevented;
  }

  #dispatch(event: Event, listeners: readonly Listener[]): void {
    // A listener that throws must not keep the others from hearing it; as with an EventTarget,
    // its error is reported as uncaught rather than thrown to whoever aborted.
    const report = (err: unknown) => queueMicrotask(() => { throw err; });
    if (this.onabort) {
      try {
        this.onabort.call(this, event);
      } catch (err) {
        report(err);
      }
    }
    for (const listener of listeners) {
      try {
        if (typeof listener === "function") listener.call(this, event);
        else listener.handleEvent(event);
      } catch (err) {
        report(err);
      }
    }
  }
}
