import type { ServerResponse } from 'node:http';
import type { Transaction } from '../../src/gen/signet/v1/identity_pb.js';
import { html } from '../http/html.js';
import { formActionSource } from '../http/page-headers.js';
import { sendPage } from './layout.js';
import { clientHeader } from './login-page.js';

/** Plain-language labels for the standard claims (OIDC Core §5.1). */
const CLAIM_LABELS: Readonly<Record<string, string>> = {
  name: 'Full name', given_name: 'Given name', family_name: 'Family name', middle_name: 'Middle name',
  nickname: 'Nickname', preferred_username: 'Username', profile: 'Profile page', picture: 'Photo',
  website: 'Website', email: 'Email address', email_verified: 'Whether your email is verified',
  gender: 'Gender', birthdate: 'Date of birth', zoneinfo: 'Time zone', locale: 'Language',
  phone_number: 'Phone number', phone_number_verified: 'Whether your phone number is verified',
  address: 'Address', updated_at: 'When your details were last updated', individual_id: 'National ID number',
};

function label(claim: string): string {
  return CLAIM_LABELS[claim] ?? claim;
}

/**
 * Renders the consent page. Essential claims are listed as required and sent as
 * hidden `claim` fields; voluntary claims and authorize scopes are checkboxes,
 * checked by default, that the user may untick. "Allow" posts `action=allow`
 * (→ IssueCode), "Decline" posts `action=deny` (→ DenyAuthorization).
 */
export function sendConsentPage(res: ServerResponse, tx: Transaction, csrfToken: string, basePath: string): void {
  const essential = tx.claims.filter((c) => c.essential);
  const voluntary = tx.claims.filter((c) => !c.essential);
  const target = formActionSource(tx.redirectUri);
  sendPage(res, 200, {
    title: 'Share your details',
    formTargets: target ? [target] : [],
    main: html`${clientHeader(tx, 'Share your details')}
<form method="post" action="${basePath}/consent">
<input type="hidden" name="transaction_id" value="${tx.transactionId}">
<input type="hidden" name="csrf_token" value="${csrfToken}">
${essential.length > 0
  ? html`<h2>Required</h2>
<p class="hint">The application needs these to continue.</p>
<ul class="claims">${essential.map(
      (c) => html`<li>${label(c.name)}${c.purpose ? html` <span class="hint">— ${c.purpose}</span>` : ''}<input type="hidden" name="claim" value="${c.name}"></li>`,
    )}</ul>`
  : ''}
${voluntary.length > 0
  ? html`<fieldset><legend>Optional — untick what you do not want to share</legend>
${voluntary.map(
      (c, i) => html`<label for="claim-${i}"><input type="checkbox" id="claim-${i}" name="claim" value="${c.name}" checked> ${label(c.name)}${c.purpose ? html` <span class="hint">— ${c.purpose}</span>` : ''}</label>`,
    )}</fieldset>`
  : ''}
${tx.authorizeScopes.length > 0
  ? html`<fieldset><legend>Permissions</legend>
${tx.authorizeScopes.map(
      (s, i) => html`<label for="scope-${i}"><input type="checkbox" id="scope-${i}" name="scope" value="${s}" checked> <code>${s}</code></label>`,
    )}</fieldset>`
  : ''}
${tx.credentialScopes.length > 0
  ? html`<p class="hint">A digital credential will also be issued to your wallet: ${tx.credentialScopes.join(', ')}.</p>`
  : ''}
<div class="actions">
<button type="submit" name="action" value="allow">Allow</button>
<button type="submit" name="action" value="deny" class="secondary" formnovalidate>Decline</button>
</div>
</form>`,
  });
}
