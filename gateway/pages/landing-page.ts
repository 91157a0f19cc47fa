import type { ServerResponse } from 'node:http';
import type { GatewayMount } from '../context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { pageTranslator } from '../i18n/request-locale.js';
import { html } from '../http/html.js';
import { sendPage } from './layout.js';

/**
 * The issuer URL in a browser: what this server is and where its public documents are, plus
 * what is mounted beside it (the development demo). JSON-LD clients get the controller document.
 */
export function sendLandingPage(res: ServerResponse, issuer: string, basePath: string, mounts: readonly GatewayMount[]): void {
  const tr = pageTranslator();
  const documents: readonly (readonly [string, MessageKey])[] = [
    ['/.well-known/openid-configuration', 'landing.discovery'],
    ['/.well-known/jwks.json', 'landing.jwks'],
    ['/.well-known/openid-credential-issuer', 'landing.credentialIssuer'],
    ['/.well-known/jwt-vc-issuer', 'landing.jwtVcIssuer'],
    ['/contexts/credentials/v1', 'landing.context'],
  ];
  const links = mounts.flatMap((m) => m.links ?? []);
  sendPage(res, 200, {
    tr,
    title: 'Signet',
    main: html`<h1>Signet</h1>
<p class="lead">${tr.html('landing.lead', {}, { issuer: html`<code dir="ltr">${issuer}</code>` })}</p>
${links.length > 0 ? html`<h2>${tr.t('landing.tryIt')}</h2><ul>${links.map((l) => html`<li><a href="${l.href}">${l.label}</a></li>`)}</ul>` : ''}
<h2>${tr.t('landing.documents')}</h2>
<ul>${documents.map(([path, label]) => html`<li><a href="${basePath}${path}">${tr.t(label)}</a></li>`)}</ul>
<p class="hint">${tr.t('landing.jsonLd')} (<code>application/ld+json</code>)</p>`,
  });
}
