/**
 * Storage that cannot answer now — the database is down, restarting, frozen or out of
 * connections — as opposed to storage that answered with an error. Repositories throw it; the
 * RPC boundary turns it into gRPC UNAVAILABLE (HTTP 503 with `Retry-After` at the gateway), so
 * a caller retries later instead of treating it as a bug. Like DuplicateError it is a port
 * signal, not a domain error. The driver's error stays in `cause` for the log, never sent.
 */
export class StorageUnavailable extends Error {
  override readonly name = "StorageUnavailable";
  /** A short, log-safe name of what failed (e.g. `ECONNREFUSED`, `57P01`, `acquire timeout`). */
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`storage unavailable: ${reason}`, options);
    this.reason = reason;
  }
}
