/**
 * {@link BiometricMatcher} over the SBI module's synthetic-biometrics contract
 * (`src/sbi/iso`: `enrolTemplate`, `matchesTemplate`), so records built by the SBI
 * simulator for a seeded person's `biometricSeed` match that person. Pass it as the
 * mock's `matcher` option (the default is still the placeholder until the lead swaps it).
 */
import { isBioType } from '../../sbi/constants.js';
import { enrolTemplate, matchesTemplate, type BiometricTemplate } from '../../sbi/iso/index.js';
import type { BiometricMatcher } from './biometric-matcher.js';

/** Enrols with `enrolTemplate`; matches with the constant-time `matchesTemplate`. */
export const sbiBiometricMatcher: BiometricMatcher<BiometricTemplate> = {
  enrol(seed, bioType, bioSubType) {
    if (!isBioType(bioType)) throw new Error(`sbi matcher: unsupported bioType ${bioType}`);
    return enrolTemplate(seed, bioType, bioType === 'Face' ? undefined : bioSubType);
  },
  matches: (template, isoRecord) => matchesTemplate(isoRecord, template),
};
