import { html, type SafeHtml } from '../../gateway/http/html.js';
import type { CheckedCredential } from '../verify.js';
import { json } from './layout.js';

/** A credential configuration as the wallet page lists it. */
export interface OfferedConfiguration {
  readonly id: string;
  readonly format: string;
  readonly name: string;
}

/** The wallet's start page: one button per credential configuration (each is one authorization). */
export function walletHome(base: string, issuer: string, configurations: readonly OfferedConfiguration[]): SafeHtml {
  return html`<h1>Signet demo wallet</h1>
<p>This wallet runs the OpenID4VCI 1.0 authorization code flow against <code>${issuer}</code>: it reads the
credential issuer metadata, asks for the credential with <code>authorization_details</code>, PKCE and
<code>resource</code>, the resident logs in on Signet’s pages, and the wallet redeems the code with
<code>private_key_jwt</code>, takes a nonce from the nonce endpoint, proves its key with an
<code>openid4vci-proof+jwt</code> and calls the credential endpoint. It then decodes each credential and
verifies it with the issuer’s published keys and documents, fetched over HTTP.</p>
<table><thead><tr><th scope="col">Credential</th><th scope="col">Format</th><th scope="col"><span class="hint">Configuration</span></th><th scope="col"></th></tr></thead>
<tbody>${configurations.map(
    (c) => html`<tr><td>${c.name}</td><td><code>${c.format}</code></td><td><code>${c.id}</code></td>
<td><form method="post" action="${base}/wallet/start"><button type="submit" name="configuration_id" value="${c.id}" aria-label="Get ${c.name} (${c.format})">Get</button></form></td></tr>`,
  )}</tbody></table>
<p class="hint">Log in as a seeded resident, e.g. ID <code>8267411571</code> with OTP <code>111111</code>.</p>`;
}

/** The page after issuance: every credential decoded, with its verification result. */
export function walletResult(base: string, credentials: readonly CheckedCredential[]): SafeHtml {
  return html`<h1>Credential received</h1>
${credentials.map(
    (c) => html`<section class="credential" data-format="${c.format}" aria-labelledby="cred-${c.configurationId}">
<h2 id="cred-${c.configurationId}"><code>${c.format}</code> — ${c.configurationId}</h2>
${c.verified
      ? html`<p class="verified" data-verified="true">✓ Verified with the issuer’s published keys</p>`
      : html`<p class="failed" data-verified="false" role="alert">✗ Not verified: ${c.problem ?? ''}</p>`}
${c.parts.map((p) => html`<h3>${p.label}</h3>${json(p.value)}`)}
</section>`,
  )}
<p><a href="${base}/wallet">Back to the wallet</a></p>`;
}
