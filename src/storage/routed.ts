import { contextSlot } from '../core/ports/call-context.js';
import { RollBack, type Repositories, type Storage } from '../core/ports/storage/index.js';

/**
 * Opens one unit of work on the back end and runs `body` inside it with the repositories bound to
 * it; commits when `body` resolves, rolls back when it rejects.
 */
export type OpenUnit = <T>(body: (scoped: Repositories) => Promise<T>) => Promise<T>;

/**
 * The store both back ends return: the open unit of work is remembered for the async work it
 * starts (a call-context slot), and the store's repositories route to it there. A nested
 * `withTransaction`, or a repository reached through the outer store by code that was not handed
 * the unit's repositories, joins the unit instead of waiting for a second connection (on sqlite,
 * with its single connection, that wait would never end). Outside a unit the lookup is one
 * `getStore()`; no round trip is added.
 */
export function routedStorage(root: Repositories, openUnit: OpenUnit): Storage {
  const open = contextSlot<Repositories>('open unit of work');
  const current = (): Repositories => open.getStore() ?? root;
  return {
    get clients() { return current().clients; },
    get signingKeys() { return current().signingKeys; },
    get transactions() { return current().transactions; },
    get authorizationCodes() { return current().authorizationCodes; },
    get issuedTokens() { return current().issuedTokens; },
    get replay() { return current().replay; },
    get nonces() { return current().nonces; },
    get consents() { return current().consents; },
    get individualLimits() { return current().individualLimits; },
    withTransaction(fn) {
      const joined = open.getStore();
      if (joined) {
        return fn(joined).catch((err: unknown) => {
          if (err instanceof RollBack) throw new Error('a unit of work that joined an open one cannot roll back on its own', { cause: err });
          throw err;
        });
      }
      return openUnit((scoped) => open.run(scoped, () => fn(scoped))).catch((err: unknown) => {
        if (err instanceof RollBack) return err.value as Awaited<ReturnType<typeof fn>>;
        throw err;
      });
    },
  };
}
