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
  /** The listeners in the order added, each with what detaches it from its `signal` option's signal. */
  #listeners: Map<Listener, (() => void) | undefined> | undefined;

  /** Aborts with `reason` and tells the listeners (each once); later calls do nothing. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    for (const detach of listeners?.values() ?? []) detach?.();
    if (!listeners && !this.onabort) return;
    this.#dispatch(new Event("abort"), [...(listeners?.keys() ?? [])]);
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  addEventListener(type: string, listener: Listener | null, options?: AddEventListenerOptions | boolean): void {
    if (type !== "abort" || !listener || this.aborted) return;
    const listeners = (this.#listeners ??= new Map());
    if (listeners.has(listener)) return;
    const until = typeof options === "object" ? options.signal : undefined;
    if (until?.aborted) return;
    let detach: (() => void) | undefined;
    if (until) {
      // Removed from `until` again when it is no longer needed: `until` may outlive many calls.
      const remove = () => this.removeEventListener(type, listener);
      until.addEventListener("abort", remove, { once: true });
      detach = () => until.removeEventListener("abort", remove);
    }
    listeners.set(listener, detach);
  }

  removeEventListener(type: string, listener: Listener | null): void {
    if (type !== "abort" || !listener || !this.#listeners?.has(listener)) return;
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }

  dispatchEvent(event: Event): boolean {
    if (event.type === "abort") this.#dispatch(event, [...(this.#listeners?.keys() ?? [])]);
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
