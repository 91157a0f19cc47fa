/**
 * Serves any implementation of the identity-system port as
 * `signet.v1.IdentitySystemService` — the bundled mock in process (the in-process transport) or
 * as its own process (`signet mock-identity`), or a TypeScript identity system of an
 * integrator's own. Wire formats are converted here, signed claims are produced here
 * (when a signer is given), and thrown errors become the contract's statuses.
 */
import type { JsonObject } from '@bufbuild/protobuf';
import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import { ClaimsFormat, type IdentitySystemService } from '../../gen/signet/v1/identity_system_pb.js';
import type { IdentityLogger, IdentitySystem, IdentitySystemCapabilities } from '../../core/ports/identity.js';
import { toCallError, type IdentityRpc } from './errors.js';
import { capabilitiesToWire, challengeFromWire, channelsFromWire } from './wire.js';

/** Signs KYC claims for `CLAIMS_FORMAT_SIGNED_JWT` answers. */
export interface KycSigner {
  /** The public keys, as a JWK Set, published in GetCapabilities. */
  readonly jwks: JsonObject;
  /** A compact JWS over `payload`, with the `kid` of one of {@link jwks}. */
  sign(payload: Record<string, unknown>): Promise<string>;
}

/** Options of {@link identitySystemService}. */
export interface IdentitySystemServiceOptions {
  readonly logger: IdentityLogger;
  /** Enables signed claims. */
  readonly signer?: KycSigner;
  /** Seconds since the epoch, for the `iat` of signed claims. */
  readonly now?: () => number;
}

const NO_CAPABILITIES: IdentitySystemCapabilities = { name: '', challengeTypes: [], otpChannels: [], claims: [], claimsLocales: [] };

/** The service implementation for `impl`. */
export function identitySystemService(impl: IdentitySystem, opts: IdentitySystemServiceOptions): ServiceImpl<typeof IdentitySystemService> {
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const guarded = async <T>(rpc: IdentityRpc, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toCallError(rpc, err, opts.logger);
    }
  };
  return {
    getCapabilities: () => guarded('GetCapabilities', async () => Object.assign(
      {},
      capabilitiesToWire((await impl.capabilities?.()) ?? NO_CAPABILITIES),
      { claimsFormats: opts.signer ? [ClaimsFormat.PLAIN, ClaimsFormat.SIGNED_JWT] : [ClaimsFormat.PLAIN] },
      opts.signer ? { kycSigningJwks: opts.signer.jwks } : {},
    )),
    deliverOtp: (req) => guarded('DeliverOtp', async () => {
      const sent = await impl.sendOtp({
        transactionId: req.transactionId,
        individualId: req.individualId,
        channels: channelsFromWire(req.channels),
        clientId: req.clientId,
        relyingPartyId: req.relyingPartyId,
      });
      return { maskedEmail: sent.maskedEmail ?? '', maskedMobile: sent.maskedMobile ?? '' };
    }),
    kycAuth: (req) => guarded('KycAuth', async () => {
      const result = await impl.kycAuth({
        transactionId: req.transactionId,
        individualId: req.individualId,
        clientId: req.clientId,
        relyingPartyId: req.relyingPartyId,
        challenges: req.challenges.map(challengeFromWire),
      });
      return { kycToken: result.kycToken, partnerSpecificUserToken: result.subjectId };
    }),
    kycExchange: (req) => guarded('KycExchange', async () => {
      const signed = req.format === ClaimsFormat.SIGNED_JWT;
      if (signed && !opts.signer) throw new ConnectError('signed claims are not offered (see GetCapabilities.claims_formats)', Code.Unimplemented);
      const claims = await impl.kycExchange({
        kycToken: req.kycToken,
        claims: req.acceptedClaims,
        claimsLocales: req.claimsLocales,
        clientId: req.clientId,
        relyingPartyId: req.relyingPartyId,
      });
      if (signed && opts.signer) {
        return { kyc: { case: 'signedClaims' as const, value: await opts.signer.sign(Object.assign({}, claims, { aud: req.clientId, iat: now() })) } };
      }
      return { kyc: { case: 'claims' as const, value: claims as JsonObject } };
    }),
    revokeKycToken: (req) => guarded('RevokeKycToken', async () => {
      await impl.revokeKycToken(req.kycToken);
      return {};
    }),
  };
}
