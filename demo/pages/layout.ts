import { html, trusted, type SafeHtml } from '../../gateway/http/html.js';

const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --ok: #116329; --bad: #a40e26; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
main { max-width: 56rem; margin: 1.5rem auto; padding: 1.5rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
nav { margin-bottom: 1rem; display: flex; gap: 1rem; flex-wrap: wrap; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.hint { color: var(--muted); }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
fieldset label { display: inline-flex; gap: .4rem; margin-inline-end: 1.25rem; align-items: baseline; }
button { margin: .5rem .5rem 0 0; padding: .6rem 1.2rem; font-size: 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: start; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: .75rem; overflow-x: auto; font-size: .85rem; white-space: pre-wrap; word-break: break-all; }
.verified { color: var(--ok); font-weight: 600; } .failed { color: var(--bad); font-weight: 600; }
section.credential { border-top: 1px solid var(--line); margin-top: 1.5rem; }
code { font-size: .9em; }
`;

/** Renders a demo page (`base`: the demo's path, e.g. `/demo`); the style runs under the page's CSP nonce, and there is no script. */
export function page(title: string, styleNonce: string, base: string, body: SafeHtml): string {
  const issuerHome = base.replace(/\/demo$/, '') || '/';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Signet demo</title>
<style nonce="${styleNonce}">${trusted(STYLE)}</style>
</head>
<body>
<main>
<nav aria-label="Demo"><a href="${base}">Relying party</a><a href="${base}/wallet">Wallet</a><a href="${issuerHome}">Issuer</a></nav>
${body}
</main>
</body>
</html>
`.value;
}

/** A value as indented JSON in a `<pre>`. */
export function json(value: unknown): SafeHtml {
  return html`<pre>${JSON.stringify(value, null, 2)}</pre>`;
}
