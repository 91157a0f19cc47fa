import { AsyncLocalStorage } from 'node:async_hooks';
import type { LanguageInputs } from '../i18n/request-locale.js';
import type { RequestScope } from './request-id.js';

/**
 * What the gateway keeps for the HTTP request being handled — its id and trace, and the inputs of
 * its language — in one AsyncLocalStorage. On Node 20 every AsyncLocalStorage in use adds a
 * property write to every promise the process creates, whoever creates it; one instance pays
 * that once.
 */
export interface RequestContext {
  readonly scope?: RequestScope;
  readonly language?: LanguageInputs;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `patch` over the request context in force (for everything it starts). */
export function withRequestContext<T>(patch: RequestContext, fn: () => T): T {
  const current = storage.getStore();
  return storage.run(current ? Object.assign({}, current, patch) : patch, fn);
}

/** The request context in force, if any. */
export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}
