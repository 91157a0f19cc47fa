/**
 * SBI 0.9.5 enumerations (reference sbi.md §8). `as const` objects and string unions, no enums,
 * so the client bundle stays tiny and values compare as plain strings.
 */

/** Modalities as carried in `bio[].type`, `data.bioType` and `digitalId.type` (§8). */
export const BIO_TYPES = ['Finger', 'Iris', 'Face'] as const;
/** One SBI modality. */
export type BioType = (typeof BIO_TYPES)[number];

/** Discovery `type`: the three modalities plus "Biometric Device" meaning any (§2). */
export const DISCOVERY_TYPES = ['Biometric Device', ...BIO_TYPES] as const;
/** A MOSIPDISC request type. */
export type DiscoveryType = (typeof DISCOVERY_TYPES)[number];

/** Finger positions (§8). The strings have one space and CamelCase names and must match exactly. */
export const FINGER_SUBTYPES = [
  'Left IndexFinger', 'Left MiddleFinger', 'Left RingFinger', 'Left LittleFinger', 'Left Thumb',
  'Right IndexFinger', 'Right MiddleFinger', 'Right RingFinger', 'Right LittleFinger', 'Right Thumb',
  'UNKNOWN',
] as const;
/** A finger `bioSubType`. */
export type FingerSubType = (typeof FINGER_SUBTYPES)[number];

/** Iris sides (§8). */
export const IRIS_SUBTYPES = ['Left', 'Right', 'UNKNOWN'] as const;
/** An iris `bioSubType`. */
export type IrisSubType = (typeof IRIS_SUBTYPES)[number];

/** Any `bioSubType`; Face has none (send `null` or omit it). */
export type BioSubType = FingerSubType | IrisSubType;

/** Allowed subtypes per modality; Face has none (§8). */
export const SUBTYPES_BY_BIO_TYPE: Readonly<Record<BioType, readonly string[]>> = {
  Finger: FINGER_SUBTYPES,
  Iris: IRIS_SUBTYPES,
  Face: [],
};

/** Maximum items per modality in one capture, as MockMDS enforces (§4.1 rule 13). */
export const MAX_COUNT_BY_BIO_TYPE: Readonly<Record<BioType, number>> = { Finger: 10, Iris: 2, Face: 1 };

/** `env` values a registered device may use (§8). "None" appears only in device info when unregistered. */
export const SBI_ENVS = ['Staging', 'Developer', 'Pre-Production', 'Production'] as const;
/** A capture `env`. */
export type SbiEnv = (typeof SBI_ENVS)[number];

/** Device statuses (§2). Non-Ready ones come with error 111 / 110 / 100. */
export const DEVICE_STATUS = {
  ready: 'Ready',
  busy: 'Busy',
  notReady: 'Not Ready',
  notRegistered: 'Not Registered',
} as const;
/** A `deviceStatus` value. */
export type DeviceStatus = (typeof DEVICE_STATUS)[keyof typeof DEVICE_STATUS];

/** Device purposes; "" when not registered (§2). */
export type DevicePurpose = 'Auth' | 'Registration' | '';

/** Certification levels. eSignet biometric login needs "L1" (§0, §3). */
export type Certification = 'L0' | 'L1' | (string & {});

/** Device sub types per modality (§8). */
export type DeviceSubType = 'Slap' | 'Single' | 'Touchless' | 'Double' | 'Full face' | (string & {});

/** The spec version eSignet, MockMDS and IDA use (§0). */
export const SPEC_VERSION = '0.9.5';

/**
 * HTTP verbs (§1.2). 0.9.5 uses MOSIPDISC/MOSIPDINFO; the 1.0 RC and the 2022 neutral draft renamed
 * them, so servers accept the aliases and clients may probe them (§10).
 */
export const SBI_VERBS = {
  discover: 'MOSIPDISC',
  info: 'MOSIPDINFO',
  capture: 'CAPTURE',
  discoverAliases: ['SBIDISC'],
  infoAliases: ['SBIDINFO', 'SBIINFO'],
} as const;

/** Default discovery port range (§1.1). */
export const SBI_PORT_RANGE = { from: 4501, to: 4600 } as const;

/** SHA-256 of the empty string, the hash chain start (§5). */
export const EMPTY_SHA256_HEX = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';

/** Type guard for {@link BioType}. */
export function isBioType(value: unknown): value is BioType {
  return typeof value === 'string' && (BIO_TYPES as readonly string[]).includes(value);
}

/** Whether `subType` is a valid `bioSubType` for `bioType` (§8). */
export function isValidSubType(bioType: BioType, subType: unknown): boolean {
  return typeof subType === 'string' && SUBTYPES_BY_BIO_TYPE[bioType].includes(subType);
}
