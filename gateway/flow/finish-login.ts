import type { ServerResponse } from 'node:http';
import type { Transaction } from '../../src/gen/signet/v1/identity_pb.js';
import type { GatewayContext } from '../context.js';
import { coreFailure } from '../errors/core-error.js';
import { sendFlowError } from '../errors/flow-error.js';
import { redirect } from '../http/respond.js';
import { sendConsentPage } from '../pages/consent-page.js';
import { clearTransactionCookie } from './transaction-cookie.js';

/**
 * Continues after a successful Authenticate: the consent page when the core
 * says consent is required, else IssueCode at once and a 303 to the client
 * (RFC 6749 §4.1.2).
 */
export async function finishLogin(
  res: ServerResponse,
  ctx: GatewayContext,
  tx: Transaction,
  csrfToken: string,
): Promise<void> {
  if (tx.consentRequired) {
    sendConsentPage(res, tx, csrfToken, ctx.basePath);
    return;
  }
  await issueCode(res, ctx, tx.transactionId, csrfToken, [], []);
}

/** Calls IssueCode and redirects to the client with the code, `state` and `iss`. */
export async function issueCode(
  res: ServerResponse,
  ctx: GatewayContext,
  transactionId: string,
  csrfToken: string,
  acceptedClaims: string[],
  permittedScopes: string[],
): Promise<void> {
  try {
    const issued = await ctx.client.issueCode({ transactionId, csrfToken, acceptedClaims, permittedScopes });
    clearTransactionCookie(res, ctx, transactionId);
    redirect(res, 303, issued.redirectUrl);
  } catch (err) {
    sendFlowError(res, coreFailure(err, ctx.logger, 'IssueCode'), 303);
  }
}
