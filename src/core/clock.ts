/**
 * The clock port. Rules take the current time as an argument; only entry points and
 * adapters call a Clock, so tests can move time without sleeping.
 */
export type Clock = () => number;

/** Milliseconds since the epoch from the system clock. */
export const systemClock: Clock = () => Date.now();
