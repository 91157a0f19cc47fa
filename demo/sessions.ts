import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse, serialize } from 'cookie';

/** What the demo remembers between sending the browser to Signet and its coming back. */
export interface PendingLogin {
  readonly kind: 'rp' | 'wallet';
  readonly state: string;
  readonly codeVerifier: string;
  /** RP only: the ID token nonce. */
  readonly nonce?: string;
  /** The demo client that started it (one per ID token algorithm, or the wallet). */
  readonly clientId: string;
  /** Wallet only: the credential configurations to request. */
  readonly configurationIds?: readonly string[];
  readonly expires: number;
}

const COOKIE = 'signet_demo';
const LIFETIME_MS = 10 * 60 * 1000;
const MAX_SESSIONS = 1000;

/**
 * The demo's pending logins, in memory and keyed by a random cookie (the demo runs in one
 * development process). Bounded: expired entries go first, and past 1000 the oldest is dropped.
 */
export class PendingLogins {
  readonly #byCookie = new Map<string, PendingLogin>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores `login` and returns the Set-Cookie header value that binds it to the browser. */
  start(login: Omit<PendingLogin, 'expires'>, secure: boolean): string {
    const t = this.now();
    for (const [k, v] of this.#byCookie) if (v.expires <= t) this.#byCookie.delete(k);
    while (this.#byCookie.size >= MAX_SESSIONS) this.#byCookie.delete(this.#byCookie.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    this.#byCookie.set(id, { ...login, expires: t + LIFETIME_MS });
    return serialize(COOKIE, id, { httpOnly: true, sameSite: 'lax', secure, path: '/demo', maxAge: LIFETIME_MS / 1000 });
  }

  /** Takes (once) the pending login of this browser, if it is still valid. */
  take(req: IncomingMessage): PendingLogin | undefined {
    const id = parse(req.headers.cookie ?? '')[COOKIE];
    if (!id) return undefined;
    const login = this.#byCookie.get(id);
    this.#byCookie.delete(id);
    return login && login.expires > this.now() ? login : undefined;
  }
}
