/**
 * The clock port, a leaf module: rules take the current time as an argument; only entry
 * points and adapters call a Clock, so tests can move time without sleeping. Storage, the
 * identity system and the SBI simulator import it from here and from nowhere else in the core.
 */
export type Clock = () => number;

/** Milliseconds since the epoch from the system clock. */
export const systemClock: Clock = () => Date.now();
