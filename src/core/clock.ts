/**
 * The clock port. Rules take the current time as an argument; only entry points and
 * adapters call a Clock, so tests can move time without sleeping.
 */
export type Clock = () => number;

/** Milliseconds since the epoch from the system clock. */
export const systemClock: Clock = () => Date.now();

/** Whole seconds since the epoch, as JWT `iat`/`exp` use (RFC 7519 §2 NumericDate). */
export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
