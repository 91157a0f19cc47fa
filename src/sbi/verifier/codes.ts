/**
 * Verifier failure codes, in the order the checks run (IDA's order, reference sbi.md §13 and its
 * ordering notes). `ida` is the code MOSIP IDA returns for the same failure; "local" marks checks IDA
 * does not make (or whose IDA code is not pinned down).
 */
export const SBI_VERIFY_FAILURES = {
  invalid_challenge: { ida: 'IDA-MLC-007', check: 1, text: 'challenge does not decode to a biometrics array' },
  sbi_error: { ida: 'local', check: 3, text: 'an element carries a device error code' },
  duplicate_record: { ida: 'local', check: 3, text: 'the same signed record appears twice' },
  data_jws_malformed: { ida: 'IDA-MPA-001', check: 4, text: 'data is not a JWS with an x5c certificate' },
  data_key_unsupported: { ida: 'local', check: 4, text: 'a data certificate key is outside the accepted sizes and curves' },
  data_certificate_expired: { ida: 'IDA-MPA-001', check: 4, text: 'data certificate not valid now' },
  data_signature_invalid: { ida: 'IDA-MPA-001', check: 5, text: 'data signature does not verify' },
  data_certificate_untrusted: { ida: 'IDA-MPA-001', check: 6, text: 'data certificate does not chain to a DEVICE root' },
  data_payload_invalid: { ida: 'IDA-MLC-006', check: 7, text: 'data payload lacks required fields' },
  digital_id_jws_malformed: { ida: 'IDA-MPA-001', check: 8, text: 'digitalId is not a JWS with an x5c certificate' },
  digital_id_key_unsupported: { ida: 'local', check: 8, text: 'a digitalId certificate key is outside the accepted sizes and curves' },
  digital_id_certificate_expired: { ida: 'IDA-MPA-001', check: 8, text: 'digitalId certificate not valid now' },
  digital_id_signature_invalid: { ida: 'IDA-MPA-001', check: 8, text: 'digitalId signature does not verify' },
  digital_id_certificate_untrusted: { ida: 'IDA-MPA-001', check: 8, text: 'digitalId certificate does not chain to an FTM root' },
  unknown_thumbprint: { ida: 'local', check: 10, text: 'thumbprint names no configured encryption certificate' },
  session_key_invalid: { ida: 'local', check: 11, text: 'session key does not decrypt to an AES-256 key' },
  bio_value_decrypt_failed: { ida: 'local', check: 11, text: 'bioValue does not decrypt' },
  hash_mismatch: { ida: 'IDA-BIA-014', check: 12, text: 'hash chain does not match' },
  bio_type_invalid: { ida: 'IDA-MLC-011', check: 18, text: 'bioType missing or unsupported' },
  bio_type_mismatch: { ida: 'IDA-DPM-004', check: 18, text: 'bioType does not match the digital id type' },
  domain_uri_missing: { ida: 'IDA-MLC-009', check: 14, text: 'domainUri missing or not allowed' },
  domain_uri_mismatch: { ida: 'IDA-MLC-024', check: 14, text: 'domainUri differs from the expected one' },
  purpose_invalid: { ida: 'local', check: 15, text: 'purpose is not Auth' },
  env_invalid: { ida: 'IDA-MLC-009', check: 15, text: 'env missing or not allowed' },
  env_mismatch: { ida: 'IDA-MLC-024', check: 15, text: 'env differs from the expected one' },
  transaction_id_invalid: { ida: 'IDA-MLC-009', check: 13, text: 'expected transactionId is not 10 alphanumerics' },
  transaction_id_mismatch: { ida: 'IDA-MLC-009', check: 13, text: 'transactionId missing or differs' },
  timestamp_invalid: { ida: 'IDA-MLC-009', check: 16, text: 'timestamp or digitalId dateTime does not parse' },
  timestamp_out_of_window: { ida: 'IDA-MLC-001', check: 16, text: 'timestamp outside now-60s..now+30s' },
  digital_id_datetime_out_of_window: { ida: 'IDA-MLC-001', check: 16, text: 'digitalId dateTime outside now-60s..now+30s' },
  timestamp_order: { ida: 'IDA-MLC-030', check: 17, text: 'timestamps decrease or jump more than 120s' },
  digital_id_datetime_order: { ida: 'IDA-MLC-031', check: 17, text: 'digitalId dateTimes decrease or jump more than 120s' },
  bio_type_not_requested: { ida: 'IDA-MPA-006', check: 18, text: 'bioType was not requested' },
  bio_subtype_invalid: { ida: 'IDA-MLC-009', check: 19, text: 'bioSubType missing or not valid for the modality' },
  bio_subtype_not_requested: { ida: 'local', check: 19, text: 'bioSubType was not requested' },
  duplicate_subtype: { ida: 'IDA-BIA-002', check: 20, text: 'the same finger or iris appears twice' },
  count_mismatch: { ida: 'IDA-BIA-003', check: 20, text: 'number of records differs from the requested count' },
  device_details_missing: { ida: 'IDA-MLC-006', check: 9, text: 'device details incomplete' },
  invalid_biometric: { ida: 'IDA-BIA-011', check: 23, text: 'decrypted record is not a valid ISO 19794 record of its modality' },
} as const;

/** A fixed failure code. Device errors are reported as `sbi_error_<code>` (§13 check 3). */
export type SbiVerifyFailureCode = Exclude<keyof typeof SBI_VERIFY_FAILURES, 'sbi_error'> | `sbi_error_${string}`;

/** A failed verification. `index` is the biometrics element at fault, when one is. */
export interface SbiVerifyFailure {
  ok: false;
  code: SbiVerifyFailureCode;
  /** The IDA code for the same failure, or "local". */
  idaCode: string;
  /** Safe text: never biometric data or key material. */
  message: string;
  index?: number;
}

/** Builds a failure with the catalogue's IDA code and text. */
export function failure(code: SbiVerifyFailureCode, index?: number): SbiVerifyFailure {
  const entry = code.startsWith('sbi_error_') ? SBI_VERIFY_FAILURES.sbi_error : SBI_VERIFY_FAILURES[code as keyof typeof SBI_VERIFY_FAILURES];
  const where = index === undefined ? '' : ` (biometrics[${index}])`;
  return { ok: false, code, idaCode: entry.ida, message: `${entry.text}${where}`, ...(index === undefined ? {} : { index }) };
}
