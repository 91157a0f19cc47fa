import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Call-scoped state lives in slots of one AsyncLocalStorage for the whole process: the core's (log
 * fields, the call's deadline, the open unit of work of each store) and the gateway's request
 * context (gateway/http/request-context.ts). On Node 20 every AsyncLocalStorage in use adds a
 * property write to every promise the process creates, whoever creates it (measured: about 0.05 µs
 * per promise per instance, a few percent of a signed userinfo with five of them); one instance
 * pays that once, and a slot costs a lookup. It is a leaf (imports nothing of Signet's): the gateway
 * reaches it and nothing else of the core.
 */
type Slots = Readonly<Record<symbol, unknown>>;

const storage = new AsyncLocalStorage<Slots>();

/** One piece of call-scoped state, with AsyncLocalStorage's `run`, `getStore` and `exit`. */
export interface ContextSlot<T> {
  /** Runs `fn` with `value` in this slot, for everything it starts; the other slots stay as they are. */
  run<R>(value: T, fn: () => R): R;
  /** The value in force, if any. */
  getStore(): T | undefined;
  /** Runs `fn` with this slot empty (the other slots stay as they are). */
  exit<R>(fn: () => R): R;
}

/** A new slot; `name` only labels it (its key is a fresh symbol). */
export function contextSlot<T>(name: string): ContextSlot<T> {
  const key = Symbol(name);
  return {
    run: (value, fn) => storage.run(Object.assign({}, storage.getStore(), { [key]: value }), fn),
    getStore: () => storage.getStore()?.[key] as T | undefined,
    exit(fn) {
      const slots = storage.getStore();
      if (slots === undefined || slots[key] === undefined) return fn();
      return storage.run(Object.assign({}, slots, { [key]: undefined }), fn);
    },
  };
}
