import { toJson } from '@bufbuild/protobuf';
import { BiometricCaptureParamsSchema } from '../../src/gen/signet/v1/sbi_pb.js';
import { AuthFactorType, type AuthFactorSet, type Transaction } from '../../src/gen/signet/v1/identity_pb.js';
import type { MessageKey, Translator } from '../i18n/catalogue.js';
import { html, jsonForScript, type SafeHtml } from '../http/html.js';

/** An OTP that was sent: to whom, where it went (masked), and when (for the resend countdown). */
export interface OtpSent {
  individualId: string;
  /** Masked destinations from the core; empty when it does not say (the default, against enumeration). */
  sentTo: readonly string[];
  /** When it was sent, milliseconds since the epoch. */
  at: number;
}

/** What the factor forms need besides the factor set. */
export interface FactorFormState {
  transaction: Transaction;
  csrfToken: string;
  basePath: string;
  tr: Translator;
  /** Prefilled individual id. */
  individualId: string;
  /** Set once an OTP was sent: the forms ask for the code. */
  otpSent?: OtpSent;
  /** Index of the factor set shown (the others are offered as tabs). */
  index: number;
  /** Seconds after a send before "Send a new code" is offered (page pacing; the core enforces the limits). */
  resendDelaySeconds: number;
  now: number;
}

/** The kinds of login the pages offer, by the factors of a set. */
export type FactorKind = 'otp' | 'pin' | 'otpPin' | 'bio' | 'kbi';

/** Which kind of login a factor set is, or undefined for sets the pages do not offer. */
export function factorKind(set: AuthFactorSet): FactorKind | undefined {
  const types = new Set(set.factors.map((f) => f.type));
  if (types.has(AuthFactorType.BIO)) return 'bio';
  if (types.has(AuthFactorType.OTP) && types.size === 1) return 'otp';
  if (types.has(AuthFactorType.OTP) && types.has(AuthFactorType.PIN) && types.size === 2) return 'otpPin';
  if (types.has(AuthFactorType.PIN) && types.size === 1) return 'pin';
  if (types.has(AuthFactorType.KBI) && types.size === 1) return 'kbi';
  return undefined;
}

/** The hidden fields that carry the transaction and what the page shows (factor, sent OTP). */
export function stateFields(state: Omit<FactorFormState, 'tr' | 'resendDelaySeconds' | 'now'>, withFactor = true): SafeHtml {
  const sent = state.otpSent;
  return html`<input type="hidden" name="transaction_id" value="${state.transaction.transactionId}">
<input type="hidden" name="csrf_token" value="${state.csrfToken}">${withFactor ? html`
<input type="hidden" name="factor" value="${state.index}">` : ''}${sent
    ? html`
<input type="hidden" name="otp_sent_at" value="${sent.at}">${sent.sentTo.map((d) => html`<input type="hidden" name="sent_to" value="${d}">`)}`
    : ''}`;
}

function idField(state: FactorFormState, id: string): SafeHtml {
  return html`<label for="${id}">${state.tr.t('field.individualId')}</label>
<input type="text" id="${id}" name="individual_id" value="${state.individualId}" required autocomplete="username" spellcheck="false" dir="ltr">`;
}

function pinField(tr: Translator, id: string): SafeHtml {
  return html`<label for="${id}">${tr.t('field.pin')}</label>
<input type="password" id="${id}" name="pin" required inputmode="numeric" autocomplete="current-password" dir="ltr">`;
}

/** `m:ss` in the page's digits. */
export function clock(tr: Translator, seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${tr.number(Math.floor(s / 60))}:${tr.number(s % 60).padStart(2, tr.number(0))}`;
}

/**
 * OTP login in two steps: the individual id and "Send OTP" (→ SendOtp), then the code
 * (→ Authenticate with `otp`, plus `pin` when the set also needs it). After a send, "Send a new
 * code" waits for its countdown (the page script enables it; without script it is enabled and the
 * core's limits answer).
 */
function otpForms(state: FactorFormState, alsoPin: boolean): SafeHtml {
  const { tr } = state;
  const n = state.index;
  const sent = state.otpSent;
  const wait = sent ? Math.max(0, Math.ceil((sent.at + state.resendDelaySeconds * 1000 - state.now) / 1000)) : 0;
  const send = html`<form method="post" action="${state.basePath}/login/otp/send">
${stateFields(Object.assign({}, state, { otpSent: undefined }))}${sent ? html`<input type="hidden" name="individual_id" value="${sent.individualId}">` : idField(state, `otp-id-${n}`)}
${sent && wait > 0
    ? html`<p class="hint" data-countdown-until="${sent.at + state.resendDelaySeconds * 1000}" data-done="${tr.t('otp.resendNow')}">${tr.html('otp.resendIn', {}, { time: html`<span class="countdown" dir="ltr">${clock(tr, wait)}</span>` })}</p>`
    : ''}
<button type="submit"${sent ? html` class="secondary"` : ''}${sent && wait > 0 ? html` data-enable-at="${sent.at + state.resendDelaySeconds * 1000}"` : ''}>${sent ? tr.t('button.resendOtp') : tr.t('button.sendOtp')}</button>
</form>`;
  if (!sent) return send;
  const action = alsoPin ? '/login' : '/login/otp';
  const listed = sent.sentTo.length > 0 ? new Intl.ListFormat(tr.locale, { type: 'conjunction' }).format(sent.sentTo) : '';
  return html`<p class="hint">${listed ? tr.t('otp.sentTo', { destination: listed }) : tr.t('otp.enterReceived')}</p>
<form method="post" action="${state.basePath}${action}">
${stateFields(state)}<input type="hidden" name="individual_id" value="${sent.individualId}">
<label for="otp-${n}">${tr.t('field.otp')}</label>
<input type="text" id="otp-${n}" name="otp" required inputmode="numeric" autocomplete="one-time-code" autofocus dir="ltr">
${alsoPin ? pinField(tr, `pin-${n}`) : ''}
<button type="submit">${tr.t('button.login')}</button>
</form>
${send}`;
}

function pinForm(state: FactorFormState): SafeHtml {
  const n = state.index;
  return html`<form method="post" action="${state.basePath}/login/pin">
${stateFields(state)}${idField(state, `pin-id-${n}`)}
${pinField(state.tr, `pin-${n}`)}
<button type="submit">${state.tr.t('button.login')}</button>
</form>`;
}

/**
 * Knowledge-based identification (ACR `mosip:idp:acr:knowledge`): the individual id with the
 * full name and date of birth as registered, checked by the identity system.
 */
function knowledgeForm(state: FactorFormState): SafeHtml {
  const { tr } = state;
  const n = state.index;
  return html`<form method="post" action="${state.basePath}/login/kbi">
${stateFields(state)}${idField(state, `kbi-id-${n}`)}
<label for="kbi-name-${n}">${tr.t('field.fullName')}</label>
<input type="text" id="kbi-name-${n}" name="name" required maxlength="200" autocomplete="name" spellcheck="false" dir="auto">
<label for="kbi-birthdate-${n}">${tr.t('field.birthdate')}</label>
<input type="date" id="kbi-birthdate-${n}" name="birthdate" required autocomplete="bday" dir="ltr">
<button type="submit">${tr.t('button.login')}</button>
</form>`;
}

/** What the biometric script says, in the page's language. */
const BIO_MESSAGES = [
  'looking', 'found', 'enterIdFirst', 'capturing', 'verifying', 'deviceCode',
  'error.no_device', 'error.device_busy', 'error.device_not_ready', 'error.device_not_registered',
  'error.capture_timeout', 'error.device_error', 'error.invalid_response', 'error.invalid_request',
] as const;

/**
 * Biometric login through SBI: the individual id, the device status line and a Capture
 * button that the biometric script (/assets/biometric-login.js) drives. The capture
 * parameters travel as JSON (`signet.v1.BiometricCaptureParams`), and the script's messages as
 * JSON in the page's language; the script fills the hidden form and posts it to /login/biometric.
 */
function biometricMount(state: FactorFormState, set: AuthFactorSet): SafeHtml {
  const { tr } = state;
  const params = state.transaction.biometric ? toJson(BiometricCaptureParamsSchema, state.transaction.biometric) : null;
  // Templates keep their {placeholders} for the script to fill.
  const messages = Object.fromEntries(BIO_MESSAGES.map((k) => [k, tr.t(`bio.${k}` as MessageKey, { device: '{device}', status: '{status}', code: '{code}' })]));
  return html`<div id="signet-biometric-mount" data-acr="${set.acr}">
<label for="bio-id">${tr.t('field.individualId')}</label>
<input type="text" id="bio-id" value="${state.individualId}" required autocomplete="username" spellcheck="false" dir="ltr">
<p id="signet-biometric-status" class="notice info" role="status">${tr.t('bio.needsDevice')}</p>
<button type="button" id="signet-biometric-capture" disabled>${tr.t('bio.capture')}</button>
<form id="signet-biometric-form" method="post" action="${state.basePath}/login/biometric" hidden>
${stateFields(state)}<input type="hidden" name="individual_id" value="">
<input type="hidden" name="capture" value="">
</form>
<noscript><p class="notice error">${tr.t('bio.needsJs')}</p></noscript>
</div>
<script type="application/json" id="signet-biometric-params">${jsonForScript(params)}</script>
<script type="application/json" id="signet-biometric-messages">${jsonForScript(messages)}</script>`;
}

/** Tab labels and section headings by kind. */
export const FACTOR_TEXT: Readonly<Record<FactorKind, { tab: MessageKey; title: MessageKey }>> = {
  otp: { tab: 'factor.otp.tab', title: 'factor.otp.title' },
  pin: { tab: 'factor.pin.tab', title: 'factor.pin.title' },
  otpPin: { tab: 'factor.otpPin.tab', title: 'factor.otpPin.title' },
  bio: { tab: 'factor.bio.tab', title: 'factor.bio.title' },
  kbi: { tab: 'factor.kbi.tab', title: 'factor.kbi.title' },
};

/** Renders one way to log in, or nothing for factor sets the pages do not offer. */
export function factorSection(set: AuthFactorSet, state: FactorFormState, hidden = false): SafeHtml | undefined {
  const kind = factorKind(set);
  if (kind === undefined) return undefined;
  const body = kind === 'bio' ? biometricMount(state, set)
    : kind === 'pin' ? pinForm(state)
      : kind === 'kbi' ? knowledgeForm(state)
        : otpForms(state, kind === 'otpPin');
  return html`<section class="factor" aria-labelledby="factor-${state.index}" data-acr="${set.acr}"${hidden ? html` hidden` : ''}>
<h2 id="factor-${state.index}">${state.tr.t(FACTOR_TEXT[kind].title)}</h2>
${body}
</section>`;
}
