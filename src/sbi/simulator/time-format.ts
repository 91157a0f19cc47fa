/**
 * SBI timestamps: ISO 8601 UTC `yyyy-MM-ddTHH:mm:ssZ` without milliseconds, as MockMDS writes them
 * (reference sbi.md §4.2). The exact string feeds the IV/AAD derivation.
 */
export function sbiTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
