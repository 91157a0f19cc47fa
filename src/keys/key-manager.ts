import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { JWK } from 'jose';
import { withoutCallDeadline } from '../core/ports/call-deadline.js';
import { DuplicateError } from '../core/ports/storage/duplicate-error.js';
import type { SigningKeyRecord, SigningKeysRepository } from '../core/ports/storage/signing-keys.js';
import { generateSigningKeyPair, keyPurposes, purposeAlgorithms } from './algorithms.js';
import type { KeyPairGenerator, KeyPurpose, RsaModulusLength, SigningAlg } from './algorithms.js';
import { decryptPrivateKey, encryptPrivateKey } from './key-encryption.js';
import { activeKey, keyState, publishedStates } from './key-state.js';
import type { KeyState } from './key-state.js';
import { loadKeyEncryptionKey } from './kek.js';
import type { KekConfig, KeyLogger } from './kek.js';

/** Key-manager settings; see {@link KekConfig} for the key-encryption key. */
export interface KeyManagerConfig extends KekConfig {
  /** The longest any token signed by a key may live; a replaced key stays published this long. */
  readonly maxTokenLifetimeSeconds: number;
  /**
   * How long a replaced key of a purpose stays published, when it differs from
   * `maxTokenLifetimeSeconds`: credential keys must outlive the credentials they signed
   * (up to their validity period), or verifiers could no longer find the key.
   */
  readonly retentionSeconds?: (purpose: KeyPurpose) => number | undefined;
  /** How often to reload keys another instance may have rotated. Default 60. */
  readonly refreshSeconds?: number;
  /** RSA size for PS256/RS256 keys. Default 2048. */
  readonly rsaModulusLength?: RsaModulusLength;
  /**
   * Where new key pairs come from. Default: generated ({@link generateSigningKeyPair}). The test
   * suite hands out pre-generated RSA keys here, since generating them is most of a boot's CPU.
   */
  readonly generateKeyPair?: KeyPairGenerator;
}

/** The key that signs now, private key decrypted once at load. */
export interface ActiveSigningKey {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly privateKey: KeyObject;
}

/** A key as listed for operators: public JWK and schedule with its state at `now`. */
export interface KeyInfo extends Omit<SigningKeyRecord, 'privateKey'> {
  readonly state: KeyState;
}

/** A published JWK: public members plus `kid`, `alg` and `use` (RFC 7517 §4). */
export type PublicJwk = JWK & { kid: string; alg: string; use: 'sig' };

interface CachedKey {
  readonly info: Omit<SigningKeyRecord, 'privateKey'>;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** Refreshes forced by an unknown kid are spaced by this much, so random kids cannot hammer the store. */
const UNKNOWN_KID_REFRESH_MS = 1000;

/**
 * Signing keys per purpose and algorithm: generated when missing, encrypted at rest, rotated with a
 * publish-before-use delay, and cached decrypted in memory. Create with {@link createKeyManager}.
 */
export class KeyManager {
  readonly #repo: SigningKeysRepository;
  readonly #kek: Buffer;
  readonly #config: KeyManagerConfig;
  readonly #keys = new Map<string, CachedKey>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  #forcedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;
  /** The answers of {@link signingKey} per "purpose alg", with the span of time each holds for; emptied by every load. */
  readonly #active = new Map<string, { key: ActiveSigningKey; from: number; until: number }>();
  /** The answers of {@link verificationKey} per kid, likewise (a key's state changes only at its own schedule instants). */
  readonly #verifying = new Map<string, { key: { info: KeyInfo; publicKey: KeyObject }; from: number; until: number }>();

  /** @internal Use {@link createKeyManager}. */
  constructor(repo: SigningKeysRepository, kek: Buffer, config: KeyManagerConfig) {
    this.#repo = repo;
    this.#kek = kek;
    this.#config = config;
  }

  /**
   * The key to sign with for (purpose, alg) at `now`. @throws when there is none (alg not kept for the purpose).
   *
   * Every token a login issues asks for one, so the answer is kept with the span of time over
   * which it cannot change (between the schedule instants of that purpose's keys around `now`),
   * until the keys are reloaded; while the keys are fresh the call does no async work.
   */
  signingKey(purpose: KeyPurpose, alg: SigningAlg, now: number): Promise<ActiveSigningKey> {
    if (this.#fresh(now)) {
      const hit = this.#active.get(`${purpose} ${alg}`);
      if (hit && hit.from <= now && now < hit.until) return Promise.resolve(hit.key);
    }
    return this.#signingKeyAfterRefresh(purpose, alg, now);
  }

  async #signingKeyAfterRefresh(purpose: KeyPurpose, alg: SigningAlg, now: number): Promise<ActiveSigningKey> {
    await this.#refreshIfStale(now);
    const candidates = this.#entries(purpose).filter((k) => k.info.alg === alg);
    const key = activeKey(candidates.map((k) => ({ ...k.info, privateKey: k.privateKey })), now);
    if (!key) throw new Error(`no active ${purpose} signing key for ${alg}`);
    const active: ActiveSigningKey = { kid: key.kid, alg, privateKey: key.privateKey };
    // The active key can only change at an instant some key of the purpose activates, is superseded or retires.
    let from = Number.NEGATIVE_INFINITY;
    let until = Number.POSITIVE_INFINITY;
    for (const { info } of candidates) {
      const span = stateSpan(info, now);
      from = Math.max(from, span.from);
      until = Math.min(until, span.until);
    }
    this.#active.set(`${purpose} ${alg}`, { key: active, from, until });
    return active;
  }

  /**
   * The public key for `kid`, reloading once if it is unknown (another instance may have rotated).
   * A known kid with fresh keys is answered without async work.
   */
  verificationKey(kid: string, now: number): Promise<{ info: KeyInfo; publicKey: KeyObject } | null> {
    if (this.#fresh(now)) {
      const hit = this.#verifying.get(kid);
      if (hit && hit.from <= now && now < hit.until) return Promise.resolve(hit.key);
      const known = this.#keys.get(kid);
      if (known) {
        const key = { info: { ...known.info, state: keyState(known.info, now) }, publicKey: known.publicKey };
        this.#verifying.set(kid, { key, ...stateSpan(known.info, now) });
        return Promise.resolve(key);
      }
    }
    return this.#verificationKeyAfterRefresh(kid, now);
  }

  async #verificationKeyAfterRefresh(kid: string, now: number): Promise<{ info: KeyInfo; publicKey: KeyObject } | null> {
    await this.#refreshIfStale(now);
    if (!this.#keys.has(kid) && now - this.#forcedAt >= UNKNOWN_KID_REFRESH_MS) {
      this.#forcedAt = now;
      await this.refresh(now);
    }
    const key = this.#keys.get(kid);
    if (!key) return null;
    return { info: { ...key.info, state: keyState(key.info, now) }, publicKey: key.publicKey };
  }

  /** The JWKS of a purpose: PENDING, ACTIVE and PREVIOUS keys, public members only. */
  async jwks(purpose: KeyPurpose, now: number): Promise<{ keys: PublicJwk[] }> {
    const keys = (await this.list(purpose, now)).filter((k) => publishedStates.has(k.state));
    return { keys: keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: k.alg, use: 'sig' })) };
  }

  /** Every key of a purpose with its state at `now`, oldest first; retired ones only when asked. */
  async list(purpose: KeyPurpose, now: number, includeRetired = false): Promise<KeyInfo[]> {
    await this.#refreshIfStale(now);
    return this.#entries(purpose)
      .map((k) => ({ ...k.info, state: keyState(k.info, now) }))
      .filter((k) => includeRetired || k.state !== 'RETIRED');
  }

  /**
   * Adds a new key per algorithm of `purpose`, published now and signing from now + `publishDelaySeconds`
   * (so verifiers caching the JWKS see it first). The keys it replaces sign until then and stay
   * published for `maxTokenLifetimeSeconds` (or the purpose's retention) more, so what they signed still verifies.
   */
  async rotate(purpose: KeyPurpose, publishDelaySeconds: number, now: number): Promise<KeyInfo[]> {
    const activateAt = now + publishDelaySeconds * 1000;
    const retention = this.#config.retentionSeconds?.(purpose) ?? this.#config.maxTokenLifetimeSeconds;
    const retireAt = activateAt + retention * 1000;
    const created: string[] = [];
    for (const alg of purposeAlgorithms[purpose]) {
      const record = await this.#newKey(purpose, alg, now, activateAt);
      // A rotation racing this one made its key current first: supersede that one too.
      await this.#repo.rotate(record, activateAt, retireAt).catch((err: unknown) => {
        if (!(err instanceof DuplicateError)) throw err;
        return this.#repo.rotate(record, activateAt, retireAt);
      });
      created.push(record.kid);
    }
    await this.refresh(now);
    return (await this.list(purpose, now)).filter((k) => created.includes(k.kid));
  }

  /** Reloads schedules from the store and decrypts keys not seen before. */
  async refresh(now: number): Promise<void> {
    // One load at a time; callers arriving meanwhile share it, so no one caller's deadline cuts it short.
    this.#loading ??= withoutCallDeadline(() => this.#load(now)).finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /**
   * @internal Generates a key for every (purpose, alg) that has no current one. Instances
   * starting together race for it; the store keeps one (see SigningKeysRepository.insert) and
   * the others adopt it.
   */
  async ensureKeys(now: number): Promise<void> {
    await this.refresh(now);
    for (const purpose of keyPurposes) {
      for (const alg of purposeAlgorithms[purpose] as readonly SigningAlg[]) {
        const current = this.#entries(purpose).some((k) => k.info.alg === alg && k.info.supersededAt === null);
        if (!current) {
          try {
            await this.#repo.insert(await this.#newKey(purpose, alg, now, now));
          } catch (err) {
            // Another instance created the first key meanwhile (one current key per purpose and
            // alg): adopt it at the refresh below instead of publishing a rival.
            if (!(err instanceof DuplicateError)) throw err;
          }
        }
      }
    }
    await this.refresh(now);
  }

  /** The keys were loaded less than `refreshSeconds` from `now` (see {@link #refreshIfStale}). */
  #fresh(now: number): boolean {
    return Math.abs(now - this.#loadedAt) < (this.#config.refreshSeconds ?? 60) * 1000;
  }

  async #refreshIfStale(now: number): Promise<void> {
    if (!this.#fresh(now)) await this.refresh(now);
  }

  async #load(now: number): Promise<void> {
    for (const purpose of keyPurposes) {
      for (const { privateKey: sealed, ...info } of await this.#repo.listByPurpose(purpose)) {
        // Decrypt each key once; later loads only pick up schedule changes.
        const known = this.#keys.get(info.kid);
        const privateKey = known?.privateKey ?? decryptPrivateKey(this.#kek, info.kid, sealed);
        this.#keys.set(info.kid, { info, privateKey, publicKey: known?.publicKey ?? createPublicKey(privateKey) });
      }
    }
    this.#active.clear(); // schedules may have changed
    this.#verifying.clear();
    this.#loadedAt = now;
  }

  #entries(purpose: KeyPurpose): CachedKey[] {
    return [...this.#keys.values()]
      .filter((k) => k.info.purpose === purpose)
      .sort((a, b) => a.info.activateAt - b.info.activateAt || a.info.createdAt - b.info.createdAt || (a.info.kid < b.info.kid ? -1 : 1));
  }

  async #newKey(purpose: KeyPurpose, alg: SigningAlg, now: number, activateAt: number): Promise<SigningKeyRecord> {
    const generate = this.#config.generateKeyPair ?? generateSigningKeyPair;
    const { publicKey, privateKey } = await generate(alg, this.#config.rsaModulusLength ?? 2048);
    const jwk = publicKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(jwk, 'sha256'); // RFC 7638
    return {
      kid, purpose, alg, publicJwk: { ...jwk, kid, alg, use: 'sig' },
      privateKey: encryptPrivateKey(this.#kek, kid, privateKey),
      createdAt: now, activateAt, supersededAt: null, retireAt: null,
    };
  }
}

/** The span of time around `now` over which `key`'s state stays what it is at `now`: between its schedule instants. */
function stateSpan(key: Pick<SigningKeyRecord, 'activateAt' | 'supersededAt' | 'retireAt'>, now: number): { from: number; until: number } {
  let from = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  for (const at of [key.activateAt, key.supersededAt, key.retireAt]) {
    if (at === null) continue;
    if (at <= now) from = Math.max(from, at);
    else until = Math.min(until, at);
  }
  return { from, until };
}

/**
 * Resolves the key-encryption key, loads and decrypts every stored key (failing clearly on the wrong
 * key-encryption key), and generates any missing (purpose, alg) key, active at once.
 */
export async function createKeyManager(
  repo: SigningKeysRepository,
  config: KeyManagerConfig,
  now: number,
  logger: KeyLogger = console,
): Promise<KeyManager> {
  const manager = new KeyManager(repo, loadKeyEncryptionKey(config, logger), config);
  await manager.ensureKeys(now);
  return manager;
}
