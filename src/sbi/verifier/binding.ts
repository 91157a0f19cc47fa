/**
 * §13 checks 13–15 in IDA's validator order: domainUri, env, then transactionId (reference sbi.md
 * §6.2 steps 8–10), with the capture's `purpose`, which must be `Auth` for a login (a `Registration`
 * capture is not evidence of presence at this login). Pure.
 */
import { SBI_ENVS } from '../constants.js';
import { IDA_TRANSACTION_ID } from '../transaction-id.js';
import { failure, type SbiVerifyFailure } from './codes.js';

/** The binding fields of one data payload. */
export interface BindingFields {
  domainUri: unknown;
  env: unknown;
  purpose: unknown;
  transactionId: unknown;
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);

/** Checks every element against the expected binding; first failure wins. */
export function checkBinding(
  items: readonly BindingFields[],
  expected: { domainUri: string; env: string; transactionId: string },
  allowedDomainUris: readonly string[] = [],
): SbiVerifyFailure | undefined {
  const allowed = new Set([expected.domainUri, ...allowedDomainUris].map((u) => u.toLowerCase()));
  for (const [i, d] of items.entries()) {
    const uri = lower(d.domainUri);
    if (!uri || !allowed.has(uri)) return failure(uri ? 'domain_uri_mismatch' : 'domain_uri_missing', i);
    if (uri !== expected.domainUri.toLowerCase()) return failure('domain_uri_mismatch', i);
  }
  for (const [i, d] of items.entries()) {
    if (!(SBI_ENVS as readonly unknown[]).includes(d.env)) return failure('env_invalid', i);
    if (d.env !== expected.env) return failure('env_mismatch', i);
  }
  for (const [i, d] of items.entries()) {
    if (d.purpose !== 'Auth') return failure('purpose_invalid', i);
  }
  if (!IDA_TRANSACTION_ID.test(expected.transactionId)) return failure('transaction_id_invalid');
  for (const [i, d] of items.entries()) {
    if (d.transactionId !== expected.transactionId) return failure('transaction_id_mismatch', i);
  }
  return undefined;
}
