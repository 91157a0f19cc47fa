/**
 * The pages' stylesheet: plain, readable, high contrast, large touch targets,
 * visible focus. Served inline with the page's CSP nonce.
 */
export const STYLESHEET = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --bad: #a40e26; --ok: #116329; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
main { max-width: 30rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
header.client { display: flex; align-items: center; gap: .75rem; margin-bottom: 1rem; }
header.client img { width: 48px; height: 48px; object-fit: contain; }
h1 { font-size: 1.35rem; margin: 0 0 .5rem; }
h2 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
p.lead, .hint { color: var(--muted); }
section.factor { border-top: 1px solid var(--line); padding-top: .5rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=password] { width: 100%; padding: .6rem; font-size: 1rem; border: 1px solid var(--muted); border-radius: 6px; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
fieldset label { font-weight: 400; display: flex; gap: .5rem; align-items: baseline; }
button { margin-top: 1rem; padding: .6rem 1.2rem; font-size: 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: .6; cursor: progress; }
:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.notice { padding: .75rem; border-radius: 6px; margin: 1rem 0; border: 1px solid; }
.notice.error { color: var(--bad); border-color: var(--bad); background: #fff5f5; }
.notice.info { color: var(--ok); border-color: var(--ok); background: #f3fbf5; }
ul.claims { padding-left: 1.25rem; }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; }
`;

/**
 * The pages' only script: disables a form's buttons once it is submitted, so a
 * double click cannot spend a second of the limited OTP/PIN attempts. The
 * buttons are disabled only after the submit event (setTimeout), once the form's
 * entry list already holds the submitter's name/value (HTML §4.10.21.3), so the
 * chosen button (e.g. `action=allow`) is sent exactly once — copying it into a
 * hidden field as well would repeat the field and the form would be refused.
 */
export const SUBMIT_ONCE_SCRIPT = `
document.addEventListener('submit', function (event) {
  var form = event.target;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = '1';
  setTimeout(function () {
    form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
  }, 0);
});
`;
