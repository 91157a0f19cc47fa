import { toJson } from '@bufbuild/protobuf';
import { BiometricCaptureParamsSchema } from '../../src/gen/signet/v1/sbi_pb.js';
import { AuthFactorType, type AuthFactorSet, type Transaction } from '../../src/gen/signet/v1/identity_pb.js';
import { html, jsonForScript, type SafeHtml } from '../http/html.js';

/** What the factor forms need besides the factor set. */
export interface FactorFormState {
  transaction: Transaction;
  csrfToken: string;
  basePath: string;
  /** Prefilled individual id. */
  individualId: string;
  /** Set once an OTP was sent: the forms ask for the code. */
  otpSent?: { individualId: string; sentTo: string };
  /** Index of the set whose form is active, so the others stay collapsed. */
  index: number;
}

function hidden(state: FactorFormState): SafeHtml {
  return html`<input type="hidden" name="transaction_id" value="${state.transaction.transactionId}">
<input type="hidden" name="csrf_token" value="${state.csrfToken}">`;
}

function idField(state: FactorFormState, id: string): SafeHtml {
  return html`<label for="${id}">National ID number (UIN or VID)</label>
<input type="text" id="${id}" name="individual_id" value="${state.individualId}" required autocomplete="username" spellcheck="false">`;
}

function pinField(id: string): SafeHtml {
  return html`<label for="${id}">PIN</label>
<input type="password" id="${id}" name="pin" required inputmode="numeric" autocomplete="current-password">`;
}

/**
 * OTP login in two steps: the individual id and "Send OTP" (→ SendOtp), then
 * the code (→ Authenticate with `otp`, plus `pin` when the set also needs it).
 */
function otpForms(state: FactorFormState, alsoPin: boolean): SafeHtml {
  const n = state.index;
  const send = html`<form method="post" action="${state.basePath}/login/otp/send">
${hidden(state)}${state.otpSent ? html`<input type="hidden" name="individual_id" value="${state.otpSent.individualId}">` : idField(state, `otp-id-${n}`)}
<button type="submit"${state.otpSent ? html` class="secondary"` : ''}>${state.otpSent ? 'Send a new code' : 'Send OTP'}</button>
</form>`;
  if (!state.otpSent) return send;
  const action = alsoPin ? '/login' : '/login/otp';
  return html`<p class="hint">${state.otpSent.sentTo ? `We sent a code to ${state.otpSent.sentTo}.` : 'Enter the code you received.'}</p>
<form method="post" action="${state.basePath}${action}">
${hidden(state)}<input type="hidden" name="individual_id" value="${state.otpSent.individualId}">
<label for="otp-${n}">One-time code</label>
<input type="text" id="otp-${n}" name="otp" required inputmode="numeric" autocomplete="one-time-code" autofocus>
${alsoPin ? pinField(`pin-${n}`) : ''}
<button type="submit">Log in</button>
</form>
${send}`;
}

function pinForm(state: FactorFormState): SafeHtml {
  const n = state.index;
  return html`<form method="post" action="${state.basePath}/login/pin">
${hidden(state)}${idField(state, `pin-id-${n}`)}
${pinField(`pin-${n}`)}
<button type="submit">Log in</button>
</form>`;
}

/**
 * Biometric login through SBI: the individual id, the device status line and a Capture
 * button that the biometric script (/assets/biometric-login.js) drives. The capture
 * parameters travel as JSON (`signet.v1.BiometricCaptureParams`); the script fills the
 * hidden form and posts it to /login/biometric.
 */
function biometricMount(state: FactorFormState, set: AuthFactorSet): SafeHtml {
  const params = state.transaction.biometric
    ? toJson(BiometricCaptureParamsSchema, state.transaction.biometric)
    : null;
  return html`<div id="signet-biometric-mount" data-acr="${set.acr}">
<label for="bio-id">National ID number (UIN or VID)</label>
<input type="text" id="bio-id" value="${state.individualId}" required autocomplete="username" spellcheck="false">
<p id="signet-biometric-status" class="notice info" role="status">Biometric login needs a certified fingerprint, iris or face device connected to this computer.</p>
<button type="button" id="signet-biometric-capture" disabled>Capture</button>
<form id="signet-biometric-form" method="post" action="${state.basePath}/login/biometric" hidden>
${hidden(state)}<input type="hidden" name="individual_id" value="">
<input type="hidden" name="capture" value="">
</form>
<noscript><p class="notice error">Biometric login needs JavaScript.</p></noscript>
</div>
<script type="application/json" id="signet-biometric-params">${jsonForScript(params)}</script>`;
}

const TITLES: Readonly<Record<string, string>> = {
  otp: 'Log in with a one-time code',
  pin: 'Log in with your PIN',
  'otp+pin': 'Log in with a one-time code and your PIN',
  bio: 'Log in with biometrics',
};

/** Renders one way to log in, or nothing for factor types the pages do not offer. */
export function factorSection(set: AuthFactorSet, state: FactorFormState): SafeHtml | undefined {
  const types = new Set(set.factors.map((f) => f.type));
  const has = (t: AuthFactorType): boolean => types.has(t);
  let key: string;
  let body: SafeHtml;
  if (has(AuthFactorType.BIO)) {
    key = 'bio';
    body = biometricMount(state, set);
  } else if (has(AuthFactorType.OTP) && types.size === 1) {
    key = 'otp';
    body = otpForms(state, false);
  } else if (has(AuthFactorType.OTP) && has(AuthFactorType.PIN) && types.size === 2) {
    key = 'otp+pin';
    body = otpForms(state, true);
  } else if (has(AuthFactorType.PIN) && types.size === 1) {
    key = 'pin';
    body = pinForm(state);
  } else {
    return undefined;
  }
  return html`<section class="factor" aria-labelledby="factor-${state.index}" data-acr="${set.acr}">
<h2 id="factor-${state.index}">${TITLES[key]}</h2>
${body}
</section>`;
}
