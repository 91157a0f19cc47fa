/**
 * How long a rotated signing key must be published before it may sign. A key inserted now is
 * seen by every other instance once its key cache reloads (`keys.refreshSeconds`); a JWKS
 * served from that view may be kept by the gateway and then by a relying party for
 * `keys.jwksMaxAgeSeconds` in all (the gateway passes on only the remaining max-age); and an
 * instance whose clock runs ahead by up to `tokens.clockSkewSeconds` starts signing that much
 * early. Only after the sum does every instance and every cache that honours max-age hold the
 * key, so only then may anyone sign with it.
 */
export interface PublishDelay {
  /** The shortest safe delay, in seconds. */
  readonly minimumSeconds: number;
  /** How the minimum is made up, naming the settings (for error messages and logs). */
  readonly because: string;
}

/** The settings the minimum depends on. */
export interface PublishDelaySettings {
  readonly keys: { readonly refreshSeconds: number; readonly jwksMaxAgeSeconds: number };
  readonly tokens: { readonly clockSkewSeconds: number };
}

export function minimumPublishDelay(c: PublishDelaySettings): PublishDelay {
  const { refreshSeconds, jwksMaxAgeSeconds } = c.keys;
  const skew = c.tokens.clockSkewSeconds;
  return {
    minimumSeconds: refreshSeconds + jwksMaxAgeSeconds + skew,
    because: `keys.refreshSeconds ${refreshSeconds} + keys.jwksMaxAgeSeconds ${jwksMaxAgeSeconds} + tokens.clockSkewSeconds ${skew}`,
  };
}

/** Why `seconds` is too short a publish delay, or undefined when it is long enough. */
export function publishDelayViolation(seconds: number, c: PublishDelaySettings): string | undefined {
  const { minimumSeconds, because } = minimumPublishDelay(c);
  if (seconds >= minimumSeconds) return undefined;
  return `must be at least ${minimumSeconds} s (${because}): every instance and every JWKS cache must hold a new key before it signs`;
}
