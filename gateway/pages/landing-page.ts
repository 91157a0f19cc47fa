import type { ServerResponse } from 'node:http';
import type { GatewayMount } from '../context.js';
import { html } from '../http/html.js';
import { sendPage } from './layout.js';

/**
 * The issuer URL in a browser: what this server is and where its public documents are, plus
 * what is mounted beside it (the development demo). JSON-LD clients get the controller document.
 */
export function sendLandingPage(res: ServerResponse, issuer: string, basePath: string, mounts: readonly GatewayMount[]): void {
  const documents = [
    ['/.well-known/openid-configuration', 'OpenID Provider metadata (discovery)'],
    ['/.well-known/jwks.json', 'Signing keys (JWKS)'],
    ['/.well-known/openid-credential-issuer', 'Credential issuer metadata (OpenID4VCI)'],
    ['/.well-known/jwt-vc-issuer', 'SD-JWT VC issuer metadata and credential keys'],
    ['/contexts/credentials/v1', 'JSON-LD context of the credentials'],
  ] as const;
  const links = mounts.flatMap((m) => m.links ?? []);
  sendPage(res, 200, {
    title: 'Signet',
    main: html`<h1>Signet</h1>
<p class="lead">An OpenID Connect provider and credential issuer for national ID, at <code>${issuer}</code>.</p>
${links.length > 0 ? html`<h2>Try it</h2><ul>${links.map((l) => html`<li><a href="${l.href}">${l.label}</a></li>`)}</ul>` : ''}
<h2>Public documents</h2>
<ul>${documents.map(([path, label]) => html`<li><a href="${basePath}${path}">${label}</a></li>`)}</ul>
<p class="hint">JSON-LD clients asking for this URL get the issuer’s controller document (<code>application/ld+json</code>).</p>`,
  });
}
