import { html, type SafeHtml } from '../../gateway/http/html.js';
import { DEMO_ALGS } from '../register.js';
import { json } from './layout.js';

/** The seeded residents of the development identity system (its OTP is always 111111). */
const RESIDENTS = [
  { id: '8267411571', pin: '545411', name: 'Aisha Rahman' },
  { id: '5860356276', pin: '482913', name: 'Camille Martin' },
  { id: '2147306859', pin: '731560', name: 'Kofi Mensah (no phone)' },
];

/** The demo relying party's start page: a factor and an ID token algorithm, then "Sign in". */
export function rpHome(base: string): SafeHtml {
  return html`<h1>Signet demo relying party</h1>
<p>This page is a real OpenID Connect client of this Signet: it has its own key, authenticates at the token
endpoint with <code>private_key_jwt</code>, uses PKCE (S256), and talks to Signet only through its public
endpoints (openid-client). Development only.</p>
<form method="post" action="${base}/login">
<fieldset><legend>Log in with</legend>
<label><input type="radio" name="factor" value="otp" checked> One-time code (OTP)</label>
<label><input type="radio" name="factor" value="pin"> PIN</label>
<label><input type="radio" name="factor" value="bio"> Biometrics</label>
</fieldset>
<fieldset><legend>ID token signed with</legend>
${DEMO_ALGS.map((alg, i) => html`<label><input type="radio" name="alg" value="${alg}"${i === 0 ? html` checked` : ''}> ${alg}</label>`)}
</fieldset>
<button type="submit">Sign in with Signet</button>
</form>
<h2>Seeded residents</h2>
<p class="hint">The development identity system sends no messages: its OTP is always <strong>111111</strong>.</p>
<table><thead><tr><th scope="col">ID number</th><th scope="col">PIN</th><th scope="col">Name</th></tr></thead>
<tbody>${RESIDENTS.map((r) => html`<tr><td><code>${r.id}</code></td><td><code>${r.pin}</code></td><td>${r.name}</td></tr>`)}</tbody></table>
<p class="hint">Biometrics needs the device simulator beside <code>npm start</code>:
<code>npx signet sbi-sim --subject signet-mock-8267411571</code> (Aisha’s synthetic fingerprints).</p>
<p><a href="${base}/wallet">Try the wallet (OpenID4VCI) →</a></p>`;
}

/** What the relying party learned from the login. */
export interface RpResult {
  readonly clientId: string;
  readonly alg: string;
  readonly idTokenHeader: unknown;
  readonly idTokenClaims: Record<string, unknown>;
  readonly userinfo: unknown;
}

/** The page after the callback: the verified ID token and userinfo. */
export function rpResult(base: string, r: RpResult): SafeHtml {
  const { acr, amr, sub } = r.idTokenClaims;
  return html`<h1>Signed in</h1>
<p class="verified">The ID token (${r.alg}) and the signed userinfo were verified with the issuer’s published keys.</p>
<table><tbody>
<tr><th scope="row">sub</th><td><code>${String(sub)}</code> — pairwise: derived for this relying party’s sector (<code>signet-demo</code>); another relying party sees another value for the same resident</td></tr>
<tr><th scope="row">acr</th><td><code>${String(acr)}</code></td></tr>
<tr><th scope="row">amr</th><td><code>${JSON.stringify(amr)}</code></td></tr>
<tr><th scope="row">client_id</th><td><code>${r.clientId}</code></td></tr>
</tbody></table>
<h2>ID token header</h2>
${json(r.idTokenHeader)}
<h2>ID token claims</h2>
${json(r.idTokenClaims)}
<h2>Userinfo (a signed JWT, verified)</h2>
${json(r.userinfo)}
<p><a href="${base}">Sign in again</a> · <a href="${base}/wallet">Try the wallet →</a></p>`;
}

/** An error page: what went wrong and a way back. */
export function demoError(base: string, message: string, detail?: unknown): SafeHtml {
  return html`<h1>The demo could not finish</h1>
<p class="failed" role="alert">${message}</p>
${detail === undefined ? '' : json(detail)}
<p><a href="${base}">Start again</a></p>`;
}
