import type { Handler } from '../context.js';
import { prefersHtml } from '../http/accept.js';
import { sendLandingPage } from '../pages/landing-page.js';
import { jsonLdDocument } from './metadata.js';

const controllerDocument = jsonLdDocument((d) => d.issuerControllerDocument, 'discovery');

/**
 * `GET /`, the issuer URL: a short landing page for a browser (`Accept` ranks `text/html` first),
 * else the issuer's controller document as `application/ld+json`, which `ldp_vc` proofs'
 * `<issuer>#<kid>` dereference. `Vary: Accept` keeps caches from mixing the two.
 */
export const issuerHome: Handler = async (req, res, ctx) => {
  res.setHeader('Vary', 'Accept');
  if (prefersHtml(req.headers.accept)) {
    sendLandingPage(res, ctx.publicUrl.href.replace(/\/+$/, ''), ctx.basePath, ctx.mounts);
    return;
  }
  await controllerDocument(req, res, ctx);
};
