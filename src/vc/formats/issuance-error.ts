/** Why a credential could not be issued; none of these is the wallet's fault except a missing claim. */
export const IssuanceErrorCode = {
  /** The identity system has no value for a claim the configuration marks mandatory. */
  MissingMandatoryClaim: 'missing_mandatory_claim',
  /** The key manager supplied no key for the configuration's signing algorithm. */
  MissingIssuerKey: 'missing_issuer_key',
  /** The holder key cannot be expressed as the configuration needs (e.g. no DID for it). */
  UnsupportedHolderKey: 'unsupported_holder_key',
} as const;
export type IssuanceErrorCode = (typeof IssuanceErrorCode)[keyof typeof IssuanceErrorCode];

/** Thrown by `issueCredential`; the message names the claim or key, never a value. */
export class IssuanceError extends Error {
  constructor(readonly code: IssuanceErrorCode, message: string) {
    super(message);
    this.name = 'IssuanceError';
  }
}
