import type {
  AsymmetricJwsAlg, BindingMethod, CredentialFormat, CredentialSigningAlg, IdentityAttribute,
} from './constants.js';

/** A display name for a claim (OpenID4VCI 1.0 Appendix B.2 `display`). */
export interface ClaimDisplay {
  readonly name: string;
  readonly locale?: string;
}

/** How one credential claim is filled from the identity system. */
export interface ClaimMapping {
  /** The identity-system attribute whose value becomes the claim. */
  readonly attribute: IdentityAttribute;
  /** Issuance fails when a mandatory attribute is missing; optional ones are omitted. */
  readonly mandatory: boolean;
  /** dc+sd-jwt only: issue the claim as an SD-JWT disclosure (SD-JWT §4.2). */
  readonly selectivelyDisclosable: boolean;
  readonly display: readonly ClaimDisplay[];
}

/** Credential display (OpenID4VCI 1.0 §12.2.4 `credential_metadata.display`). */
export interface CredentialDisplay {
  readonly name: string;
  readonly locale?: string;
  readonly description?: string;
  readonly logo?: { readonly uri: string; readonly altText?: string };
  readonly backgroundColor?: string;
  readonly textColor?: string;
}

/** Fields every format shares. */
export interface BaseConfiguration {
  /** Key of `credential_configurations_supported`. */
  readonly id: string;
  readonly format: CredentialFormat;
  /** OAuth scope a wallet requests this credential with; unique across configurations. */
  readonly scope: string;
  /** Claim name → mapping, in display order. */
  readonly claims: Readonly<Record<string, ClaimMapping>>;
  readonly display: readonly CredentialDisplay[];
  /** `jwt` is the only key-proof type Signet accepts (OpenID4VCI 1.0 Appendix F.1). */
  readonly proofTypes: { readonly jwt: { readonly signingAlgs: readonly AsymmetricJwsAlg[] } };
  readonly bindingMethods: readonly BindingMethod[];
  readonly credentialSigningAlg: CredentialSigningAlg;
  /** Credential lifetime: `exp` / `validUntil` = issuance time + this. */
  readonly validitySeconds: number;
}

/** SD-JWT VC configuration (OpenID4VCI 1.0 Appendix A.3). */
export interface SdJwtVcConfiguration extends BaseConfiguration {
  readonly format: 'dc+sd-jwt';
  readonly vct: string;
}

/** W3C VC configuration: VCDM 1.1 as JWT (A.1.1) or VCDM 2.0 with Data Integrity (A.1.2). */
export interface W3cConfiguration extends BaseConfiguration {
  readonly format: 'jwt_vc_json' | 'ldp_vc';
  readonly type: readonly string[];
  /** The `@context` list. */
  readonly context: readonly string[];
}

/** A validated credential configuration. */
export type CredentialConfiguration = SdJwtVcConfiguration | W3cConfiguration;

/** One validation failure: where (`$.configurations[0].claims.email.attribute`) and which rule. */
export interface ConfigError {
  readonly path: string;
  readonly rule: string;
}

/** Outcome of validating a configuration file. */
export type ConfigResult =
  | { readonly ok: true; readonly configurations: readonly CredentialConfiguration[] }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };
