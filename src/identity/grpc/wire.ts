/**
 * Conversions between the identity-system port (`src/core/ports/identity.ts`) and its network form,
 * `signet.v1.IdentitySystemService`, in both directions: the adapter (Signet as client)
 * and the service wrapper (serving any port implementation) share them, so one mapping
 * is tested once.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  ChallengeType as WireChallengeType,
  OtpChannel as WireOtpChannel,
  type GetCapabilitiesResponse,
  type KycChallenge,
  type KycChallengeSchema,
} from '../../gen/signet/v1/identity_system_pb.js';
import { IdentityError, IdentityErrorCode } from '../identity-error.js';
import type { AuthChallenge, ChallengeType, IdentitySystemCapabilities, OtpChannel } from '../../core/ports/identity.js';

const channelToWire: Record<OtpChannel, WireOtpChannel> = { email: WireOtpChannel.EMAIL, phone: WireOtpChannel.PHONE };
const challengeTypeToWire: Record<ChallengeType, WireChallengeType> = {
  OTP: WireChallengeType.OTP,
  PIN: WireChallengeType.PIN,
  BIO: WireChallengeType.BIOMETRIC,
  KBI: WireChallengeType.KNOWLEDGE,
};

function invert<K extends string, V extends number>(map: Record<K, V>): Map<V, K> {
  return new Map(Object.entries(map).map(([k, v]) => [v as V, k as K]));
}
const channelFromWire = invert(channelToWire);
const challengeTypeFromWire = invert(challengeTypeToWire);

/** Port channels → wire enum. */
export function channelsToWire(channels: readonly OtpChannel[]): WireOtpChannel[] {
  return channels.map((c) => channelToWire[c]);
}

/** Wire enum → port channels; an unknown value is the caller's `invalid_otp_channel`. */
export function channelsFromWire(channels: readonly WireOtpChannel[]): OtpChannel[] {
  return channels.map((c) => {
    const channel = channelFromWire.get(c);
    if (channel === undefined) throw new IdentityError(IdentityErrorCode.InvalidOtpChannel, 'Unsupported OTP channel.');
    return channel;
  });
}

/** One port challenge → its wire message. */
export function challengeToWire(c: AuthChallenge): MessageInitShape<typeof KycChallengeSchema> {
  switch (c.type) {
    case 'OTP': return { challenge: { case: 'otp', value: c.value } };
    case 'PIN': return { challenge: { case: 'pin', value: c.value } };
    case 'KBI': return { challenge: { case: 'knowledge', value: { fields: { name: c.fields.name, birthdate: c.fields.birthdate } } } };
    case 'BIO':
      return {
        challenge: {
          case: 'biometric',
          value: {
            records: c.records.map((r) => ({
              bioType: r.bioType,
              bioSubType: r.bioSubType,
              value: r.isoRecord !== undefined
                ? { case: 'isoRecord' as const, value: r.isoRecord }
                : r.encrypted !== undefined
                  ? { case: 'encrypted' as const, value: { ...r.encrypted } }
                  : { case: undefined },
            })),
          },
        },
      };
  }
}

const invalidChallenge = (message: string) => new IdentityError(IdentityErrorCode.InvalidChallenge, message);

/** One wire challenge → the port's; a missing or malformed one is `invalid_challenge`. */
export function challengeFromWire(c: KycChallenge): AuthChallenge {
  const v = c.challenge;
  switch (v.case) {
    case 'otp': return { type: 'OTP', value: v.value };
    case 'pin': return { type: 'PIN', value: v.value };
    case 'knowledge': {
      const { name, birthdate } = v.value.fields;
      if (name === undefined || birthdate === undefined) throw invalidChallenge('A knowledge challenge needs name and birthdate.');
      return { type: 'KBI', fields: { name, birthdate } };
    }
    case 'biometric':
      return {
        type: 'BIO',
        records: v.value.records.map((r) => {
          const record = { bioType: r.bioType, bioSubType: r.bioSubType };
          if (r.value.case === 'isoRecord') return Object.assign({}, record, { isoRecord: r.value.value });
          if (r.value.case === 'encrypted') {
            const { bioValue, sessionKey, thumbprint, timestamp, transactionId } = r.value.value;
            return Object.assign({}, record, { encrypted: { bioValue, sessionKey, thumbprint, timestamp, transactionId } });
          }
          throw invalidChallenge('A biometric record carries neither an ISO record nor an encrypted one.');
        }),
      };
    default:
      throw invalidChallenge('A challenge carries no factor.');
  }
}

/** Port capabilities → wire (without the signing keys, which the service wrapper adds). */
export function capabilitiesToWire(c: IdentitySystemCapabilities): {
  name: string; challengeTypes: WireChallengeType[]; otpChannels: WireOtpChannel[]; claims: string[]; claimsLocales: string[];
} {
  return {
    name: c.name,
    challengeTypes: c.challengeTypes.map((t) => challengeTypeToWire[t]),
    otpChannels: channelsToWire(c.otpChannels),
    claims: [...c.claims],
    claimsLocales: [...c.claimsLocales],
  };
}

/** Wire capabilities → port; enum values this Signet does not know are left out. */
export function capabilitiesFromWire(c: GetCapabilitiesResponse): IdentitySystemCapabilities {
  return {
    name: c.name,
    challengeTypes: c.challengeTypes.flatMap((t) => challengeTypeFromWire.get(t) ?? []),
    otpChannels: c.otpChannels.flatMap((ch) => channelFromWire.get(ch) ?? []),
    claims: [...c.claims],
    claimsLocales: [...c.claimsLocales],
  };
}
