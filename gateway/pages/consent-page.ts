import type { ServerResponse } from 'node:http';
import type { Transaction } from '../../src/gen/signet/v1/identity_pb.js';
import { html } from '../http/html.js';
import { formActionSource } from '../http/page-headers.js';
import { isMessageKey, type Translator } from '../i18n/catalogue.js';
import { pageTranslator } from '../i18n/request-locale.js';
import { sendPage } from './layout.js';
import { clientHeader, languageSwitcher } from './login-page.js';

/** Plain-language labels for the standard claims (OIDC Core §5.1), from the catalogue; unknown claims show their name. */
function label(tr: Translator, claim: string): string {
  const key = `claim.${claim}`;
  return isMessageKey(key) ? tr.t(key) : claim;
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
  const tr = pageTranslator(tx.uiLocales);
  const title = tr.t('consent.title');
  const carried = html`<input type="hidden" name="transaction_id" value="${tx.transactionId}">
<input type="hidden" name="csrf_token" value="${csrfToken}">`;
  sendPage(res, 200, {
    tr,
    title,
    header: languageSwitcher(tr, basePath, carried, 'consent'),
    formTargets: target ? [target] : [],
    main: html`${clientHeader(tx, title, tr)}
<form method="post" action="${basePath}/consent">
<input type="hidden" name="transaction_id" value="${tx.transactionId}">
<input type="hidden" name="csrf_token" value="${csrfToken}">
${essential.length > 0
  ? html`<h2>${tr.t('consent.required')}</h2>
<p class="hint">${tr.t('consent.requiredHint')}</p>
<ul class="claims">${essential.map(
      (c) => html`<li>${label(tr, c.name)}${c.purpose ? html` <span class="hint">— ${c.purpose}</span>` : ''}<input type="hidden" name="claim" value="${c.name}"></li>`,
    )}</ul>`
  : ''}
${voluntary.length > 0
  ? html`<fieldset><legend>${tr.t('consent.optional')}</legend>
${voluntary.map(
      (c, i) => html`<label for="claim-${i}"><input type="checkbox" id="claim-${i}" name="claim" value="${c.name}" checked> ${label(tr, c.name)}${c.purpose ? html` <span class="hint">— ${c.purpose}</span>` : ''}</label>`,
    )}</fieldset>`
  : ''}
${tx.authorizeScopes.length > 0
  ? html`<fieldset><legend>${tr.t('consent.permissions')}</legend>
${tx.authorizeScopes.map(
      (s, i) => html`<label for="scope-${i}"><input type="checkbox" id="scope-${i}" name="scope" value="${s}" checked> <code>${s}</code></label>`,
    )}</fieldset>`
  : ''}
${tx.credentialScopes.length > 0
  ? html`<p class="hint">${tr.t('consent.credential', { scopes: new Intl.ListFormat(tr.locale).format(tx.credentialScopes) })}</p>`
  : ''}
<div class="actions">
<button type="submit" name="action" value="allow">${tr.t('consent.allow')}</button>
<button type="submit" name="action" value="deny" class="secondary" formnovalidate>${tr.t('consent.decline')}</button>
</div>
</form>`,
  });
}
