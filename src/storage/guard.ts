import { callDeadline } from '../core/ports/call-deadline.js';
import { classifyStorageError } from './unavailable.js';

/**
 * Runs one storage call under the deadline of the RPC being served (see call-deadline.ts):
 * refused at once when that deadline has passed, abandoned when it passes meanwhile, and a
 * connection-level failure re-thrown as StorageUnavailable. An abandoned call may still finish
 * in the database; every later call of the same RPC is refused, so a unit of work it belongs
 * to rolls back instead of committing.
 */
export async function guardedCall<T>(call: () => Promise<T>): Promise<T> {
  const deadline = callDeadline();
  if (deadline?.aborted) throw deadline.reason;
  try {
    const pending = call();
    return await (deadline ? untilAborted(pending, deadline) : pending);
  } catch (err) {
    throw classifyStorageError(err);
  }
}

function untilAborted<T>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      pending.catch(() => undefined); // its outcome no longer has a reader
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** A repository whose every method runs through {@link guardedCall}. */
export function guardRepository<R extends object>(repo: R): R {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(repo)) {
    guarded[name] = typeof value === 'function' ? (...args: unknown[]) => guardedCall(() => (value as (...a: unknown[]) => Promise<unknown>).apply(repo, args)) : value;
  }
  return guarded as R;
}
