/**
 * Fault injection: each fault breaks exactly one property a verifier checks (reference sbi.md §11
 * "Useful fault injection", §13). The comment names the verifier failure code it should cause.
 */
export const SBI_FAULTS = [
  'deviceErrorElement', // an element carries errorCode "101" → sbi_error_101
  'expiredDeviceCertificate', // data x5c outside its validity → data_certificate_expired
  'tamperedData', // data payload changed after signing → data_signature_invalid
  'untrustedDeviceCertificate', // data x5c self-signed → data_certificate_untrusted
  'missingBioValue', // data without bioValue → data_payload_invalid
  'expiredFtmCertificate', // digitalId x5c expired → digital_id_certificate_expired
  'tamperedDigitalId', // digitalId payload changed after signing → digital_id_signature_invalid
  'untrustedFtmCertificate', // digitalId x5c self-signed → digital_id_certificate_untrusted
  'wrongThumbprint', // thumbprint of another certificate → unknown_thumbprint
  'wrongSessionKey', // sessionKey not encrypted to our key → session_key_invalid
  'corruptedBioValue', // ciphertext byte flipped → bio_value_decrypt_failed
  'wrongHash', // last hash altered → hash_mismatch
  'bioTypeMismatch', // data.bioType ≠ digitalId.type → bio_type_mismatch
  'wrongDomainUri', // domainUri not the requested one → domain_uri_mismatch
  'wrongEnv', // env not the requested one → env_mismatch
  'foreignTransactionId', // transactionId of another transaction → transaction_id_mismatch
  'staleTimestamp', // timestamp 5 minutes old → timestamp_out_of_window
  'staleDigitalIdDateTime', // digitalId.dateTime 5 minutes old → digital_id_datetime_out_of_window
  'outOfOrderTimestamps', // element 2 earlier than element 1 → timestamp_order (needs count ≥ 2)
  'outOfOrderDigitalIdDateTime', // digitalId.dateTime decreasing → digital_id_datetime_order (count ≥ 2)
  'invalidSubtype', // a subtype of another modality → bio_subtype_invalid
  'wrongSubtype', // a valid but unrequested subtype → bio_subtype_not_requested (request specific subtypes)
  'duplicateSubtype', // the same finger twice → duplicate_subtype (needs count ≥ 2)
  'wrongCount', // one element more than requested → count_mismatch
  'missingDeviceDetails', // digitalId without `make` → device_details_missing
  'badIsoHeader', // ISO format identifier broken (hash still consistent) → invalid_biometric
  'wrongPurpose', // purpose `Registration` instead of `Auth` → purpose_invalid
] as const;

/** One injectable fault. */
export type SbiFault = (typeof SBI_FAULTS)[number];

/** Type guard for {@link SbiFault}. */
export function isSbiFault(value: unknown): value is SbiFault {
  return typeof value === 'string' && (SBI_FAULTS as readonly string[]).includes(value);
}
