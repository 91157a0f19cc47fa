import { contextSlot } from '../../src/core/ports/call-context.js';
import type { LanguageInputs } from '../i18n/request-locale.js';
import type { RequestScope } from './request-id.js';

/**
 * What the gateway keeps for the HTTP request being handled — its id and trace, and the inputs of
 * its language — in one slot of the process's one AsyncLocalStorage (src/core/ports/call-context.ts).
 * On Node 20 every AsyncLocalStorage in use adds a property write to every promise the process
 * creates, whoever creates it; with the gateway and the core in one process (`signet start`) a
 * second instance for the gateway had cost every promise of both a second one.
 */
export interface RequestContext {
  readonly scope?: RequestScope;
  readonly language?: LanguageInputs;
}

const slot = contextSlot<RequestContext>('gateway request');

/** Runs `fn` with `patch` over the request context in force (for everything it starts). */
export function withRequestContext<T>(patch: RequestContext, fn: () => T): T {
  const current = slot.getStore();
  return slot.run(current ? Object.assign({}, current, patch) : patch, fn);
}

/** The request context in force, if any. */
export function requestContext(): RequestContext | undefined {
  return slot.getStore();
}
