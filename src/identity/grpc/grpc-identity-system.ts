/**
 * The identity-system port over `signet.v1.IdentitySystemService`: the one adapter Signet
 * uses to reach any identity system, in process (the in-process transport, the bundled mock) or
 * over the network (gRPC, optionally TLS with a client certificate).
 *
 * Every call has a deadline. Only the RPCs the contract marks NO_SIDE_EFFECTS or
 * IDEMPOTENT (GetCapabilities, KycExchange, RevokeKycToken) are retried, and only after
 * UNAVAILABLE: DeliverOtp would send a second message and KycAuth would spend a factor.
 * Every answer is checked against the contract; failures the person did not cause become
 * {@link IdentitySystemUnavailableError}, which never costs a login attempt.
 */
import { createClient, type CallOptions, type Client, type Transport } from '@connectrpc/connect';
import type { JSONWebKeySet } from 'jose';
import type { Clock } from '../../core/ports/clock.js';
import { ClaimsFormat, IdentitySystemService } from '../../gen/signet/v1/identity_system_pb.js';
import { IdentitySystemUnavailableError } from '../identity-error.js';
import type {
  IdentityLogger, IdentitySystem, IdentitySystemCapabilities, KycAuthInput, KycAuthResult, KycClaims,
  KycExchangeInput, SendOtpInput, SendOtpResult,
} from '../../core/ports/identity.js';
import { acceptedClaims, verifiedClaims } from './claims.js';
import { fromCallError, type IdentityRpc } from './errors.js';
import { capabilitiesFromWire, challengeToWire, channelsToWire } from './wire.js';

/** Options of {@link GrpcIdentitySystem}. */
export interface GrpcIdentitySystemOptions {
  readonly transport: Transport;
  /** Deadline of each call, in milliseconds. */
  readonly timeoutMs: number;
  /** Extra attempts of an idempotent call after UNAVAILABLE. */
  readonly retries: number;
  /** How KycExchange answers: `signed` verifies a JWS against the published keys. */
  readonly claimsFormat: 'plain' | 'signed';
  readonly logger: IdentityLogger;
  readonly clock: Clock;
  /** Pause before retry n (0-based), in milliseconds; default 50 · 2ⁿ. */
  readonly backoffMs?: (attempt: number) => number;
}

/** Longest accepted token or identifier from the identity system. */
const MAX_TOKEN_CHARS = 4096;
const MAX_MASK_CHARS = 320;
/** A `kid` we do not know triggers at most one key refresh per this interval. */
const KEY_REFRESH_MS = 30_000;

const IDEMPOTENT: ReadonlySet<IdentityRpc> = new Set(['GetCapabilities', 'KycExchange', 'RevokeKycToken']);

function text(value: unknown, max: number, rpc: IdentityRpc, field: string, required: boolean): string {
  if (typeof value !== 'string' || value.length > max || (required && value.length === 0)) {
    throw new IdentitySystemUnavailableError(rpc, 'contract_violation', `${field} is ${required ? 'missing or ' : ''}malformed`);
  }
  return value;
}

/** The adapter. */
export class GrpcIdentitySystem implements IdentitySystem {
  readonly #client: Client<typeof IdentitySystemService>;
  readonly #opts: GrpcIdentitySystemOptions;
  #keys: { jwks: JSONWebKeySet; fetchedAt: number } | undefined;

  constructor(opts: GrpcIdentitySystemOptions) {
    this.#opts = opts;
    this.#client = createClient(IdentitySystemService, opts.transport);
  }

  /** Runs one RPC with its deadline, retrying idempotent ones after UNAVAILABLE. */
  async #call<T>(rpc: IdentityRpc, fn: (options: CallOptions) => Promise<T>): Promise<T> {
    const attempts = IDEMPOTENT.has(rpc) ? 1 + this.#opts.retries : 1;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn({ timeoutMs: this.#opts.timeoutMs });
      } catch (err) {
        const mapped = fromCallError(rpc, err);
        if (mapped instanceof IdentitySystemUnavailableError) {
          if (mapped.reason === 'unavailable' && attempt + 1 < attempts) {
            await new Promise((r) => setTimeout(r, this.#opts.backoffMs?.(attempt) ?? 50 * 2 ** attempt));
            continue;
          }
          this.#opts.logger.warn('identity system unavailable', { rpc, reason: mapped.reason, attempts: attempt + 1, cause: mapped.message });
        }
        throw mapped;
      }
    }
  }

  async sendOtp(input: SendOtpInput): Promise<SendOtpResult> {
    const res = await this.#call('DeliverOtp', (o) => this.#client.deliverOtp({
      transactionId: input.transactionId,
      individualId: input.individualId,
      channels: channelsToWire(input.channels),
      clientId: input.clientId,
      relyingPartyId: input.relyingPartyId,
    }, o));
    const maskedEmail = text(res.maskedEmail, MAX_MASK_CHARS, 'DeliverOtp', 'masked_email', false);
    const maskedMobile = text(res.maskedMobile, MAX_MASK_CHARS, 'DeliverOtp', 'masked_mobile', false);
    return Object.assign({}, maskedEmail ? { maskedEmail } : {}, maskedMobile ? { maskedMobile } : {});
  }

  async kycAuth(input: KycAuthInput): Promise<KycAuthResult> {
    const res = await this.#call('KycAuth', (o) => this.#client.kycAuth({
      transactionId: input.transactionId,
      individualId: input.individualId,
      clientId: input.clientId,
      relyingPartyId: input.relyingPartyId,
      challenges: input.challenges.map(challengeToWire),
    }, o));
    return {
      kycToken: text(res.kycToken, MAX_TOKEN_CHARS, 'KycAuth', 'kyc_token', true),
      subjectId: text(res.partnerSpecificUserToken, MAX_TOKEN_CHARS, 'KycAuth', 'partner_specific_user_token', true),
    };
  }

  async kycExchange(input: KycExchangeInput): Promise<KycClaims> {
    const signed = this.#opts.claimsFormat === 'signed';
    const res = await this.#call('KycExchange', (o) => this.#client.kycExchange({
      kycToken: input.kycToken,
      clientId: input.clientId,
      relyingPartyId: input.relyingPartyId ?? input.clientId,
      acceptedClaims: [...input.claims],
      claimsLocales: [...input.claimsLocales],
      format: signed ? ClaimsFormat.SIGNED_JWT : ClaimsFormat.PLAIN,
    }, o));
    if (signed) {
      if (res.kyc.case !== 'signedClaims') throw new IdentitySystemUnavailableError('KycExchange', 'contract_violation', 'signed claims were asked, another format came');
      return verifiedClaims(res.kyc.value, (kid) => this.#signingKeys(kid), input.clientId, input.claims);
    }
    if (res.kyc.case !== 'claims') throw new IdentitySystemUnavailableError('KycExchange', 'contract_violation', 'plain claims were asked, another format came');
    return acceptedClaims(res.kyc.value, input.claims);
  }

  async revokeKycToken(kycToken: string): Promise<void> {
    await this.#call('RevokeKycToken', (o) => this.#client.revokeKycToken({ kycToken }, o));
  }

  async capabilities(): Promise<IdentitySystemCapabilities> {
    return capabilitiesFromWire(await this.#call('GetCapabilities', (o) => this.#client.getCapabilities({}, o)));
  }

  /** The published KYC signing keys; fetched again when `kid` is unknown (at most every 30 s). */
  async #signingKeys(kid: string | undefined): Promise<JSONWebKeySet> {
    const now = this.#opts.clock();
    const cached = this.#keys;
    const known = cached?.jwks.keys.some((k) => k.kid === kid);
    if (cached && (known || now - cached.fetchedAt < KEY_REFRESH_MS)) return cached.jwks;
    const res = await this.#call('GetCapabilities', (o) => this.#client.getCapabilities({}, o));
    const jwks = (res.kycSigningJwks ?? { keys: [] }) as unknown as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new IdentitySystemUnavailableError('GetCapabilities', 'contract_violation', 'kyc_signing_jwks has no keys array');
    this.#keys = { jwks, fetchedAt: now };
    return jwks;
  }
}
