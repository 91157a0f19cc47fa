/**
 * The pages' stylesheet: plain, readable, high contrast, large touch targets,
 * visible focus. Served inline with the page's CSP nonce.
 */
export const STYLESHEET = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --bad: #a40e26; --ok: #116329; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
main { max-width: 30rem; margin: 1rem auto 2rem; padding: 1.5rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
@media (max-width: 32rem) { main { margin: 0; border-inline: 0; border-radius: 0; padding: 1rem; } }
nav.languages { max-width: 30rem; margin: .75rem auto 0; padding: 0 .5rem; text-align: end; }
nav.languages form { display: inline-flex; gap: .25rem; flex-wrap: wrap; justify-content: flex-end; }
button.link { margin: 0; padding: .35rem .6rem; min-height: 2.5rem; background: transparent; color: var(--accent); border: 1px solid transparent; text-decoration: underline; }
button.link[aria-current="true"] { color: var(--ink); text-decoration: none; font-weight: 600; border-color: var(--line); }
nav.factors form { display: flex; flex-wrap: wrap; gap: .25rem; border-bottom: 1px solid var(--line); margin: 1rem 0 0; }
button.tab { margin: 0; padding: .55rem .9rem; min-height: 2.75rem; background: #fff; color: var(--accent); border: 1px solid var(--line); border-bottom: 0; border-radius: 6px 6px 0 0; }
button.tab[aria-current="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.countdown { font-variant-numeric: tabular-nums; }
header.client { display: flex; align-items: center; gap: .75rem; margin-bottom: 1rem; overflow-wrap: anywhere; }
header.client img { width: 48px; height: 48px; object-fit: contain; }
h1 { font-size: 1.35rem; margin: 0 0 .5rem; }
h2 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
p.lead, .hint { color: var(--muted); }
section.factor { padding-top: .5rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=password] { width: 100%; padding: .6rem; font-size: 1rem; border: 1px solid var(--muted); border-radius: 6px; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
fieldset label { font-weight: 400; display: flex; gap: .5rem; align-items: baseline; }
button { margin-top: 1rem; padding: .6rem 1.2rem; min-height: 2.75rem; font-size: 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
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

/**
 * Counts down every element with `data-countdown-until` (milliseconds since the epoch): its
 * `.countdown` shows m:ss in the page's digits, and at zero the text becomes `data-done`. A
 * button with `data-enable-at` stays disabled until then. Screen readers hear the message once,
 * when it changes at zero (the element is not a live region while it ticks).
 */
export const COUNTDOWN_SCRIPT = `
(function () {
  var digits = new Intl.NumberFormat(document.documentElement.lang || 'en');
  var two = new Intl.NumberFormat(document.documentElement.lang || 'en', { minimumIntegerDigits: 2 });
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-countdown-until]').forEach(function (el) {
      var left = Math.ceil((Number(el.getAttribute('data-countdown-until')) - now) / 1000);
      if (left <= 0) {
        el.textContent = el.getAttribute('data-done');
        el.removeAttribute('data-countdown-until');
        el.setAttribute('role', 'status');
        return;
      }
      var c = el.querySelector('.countdown');
      if (c) c.textContent = digits.format(Math.floor(left / 60)) + ':' + two.format(left % 60);
    });
    document.querySelectorAll('button[data-enable-at]').forEach(function (b) {
      var wait = Number(b.getAttribute('data-enable-at')) > now;
      b.disabled = wait;
      if (!wait) b.removeAttribute('data-enable-at');
    });
  }
  tick();
  setInterval(tick, 1000);
})();
`;
