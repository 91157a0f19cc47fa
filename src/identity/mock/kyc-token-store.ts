/**
 * KYC tokens of the mock identity system. The token is random (256 bits) and only its
 * SHA-256 is kept, with the person it reads, the client it was issued to and its
 * expiry, so a read of the store reveals no usable token (as fosite stores only signatures). Unlike eSignet's
 * single-use mock token, it stays readable until expiry or revocation, because the
 * core reads claims just in time (userinfo, credential issuance).
 */
import type { Clock } from '../../core/ports/clock.js';
import { randomToken, sha256Hex } from './secrets.js';

/** What a KYC token grants. */
export interface KycGrant {
  subjectId: string;
  clientId: string;
  expiresAt: number;
}

/** In-memory store of hashed KYC tokens. */
export class KycTokenStore {
  readonly #grants = new Map<string, KycGrant>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Issues a token for the person and client; returns the raw token (shown once). */
  issue(subjectId: string, clientId: string): string {
    this.#prune();
    const token = randomToken();
    this.#grants.set(sha256Hex(token), { subjectId, clientId, expiresAt: this.clock() + this.ttlMs });
    return token;
  }

  /** The live grant of a token, or undefined when unknown, expired or revoked. */
  find(token: string): KycGrant | undefined {
    const key = sha256Hex(token);
    const grant = this.#grants.get(key);
    if (grant === undefined) return undefined;
    if (this.clock() >= grant.expiresAt) {
      this.#grants.delete(key);
      return undefined;
    }
    return grant;
  }

  /** Forgets a token; idempotent. */
  revoke(token: string): void {
    this.#grants.delete(sha256Hex(token));
  }

  /** How many grants are held (expired ones included until pruned). */
  get size(): number {
    return this.#grants.size;
  }

  /**
   * Drops expired grants from the oldest on, stopping at the first live one: every grant lives
   * the same TTL, so the Map's insertion order is expiry order and a prune costs what it removes
   * (scanning every grant cost ~200 µs per login with 30 000 outstanding). A grant left behind
   * by a clock that stepped back is still refused by {@link find} and pruned later.
   */
  #prune(): void {
    const now = this.clock();
    for (const [key, grant] of this.#grants) {
      if (now < grant.expiresAt) break;
      this.#grants.delete(key);
    }
  }
}
