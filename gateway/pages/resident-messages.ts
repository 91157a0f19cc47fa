import type { MessageKey, Translator } from '../i18n/catalogue.js';

/**
 * What a resident reads when a login step fails, chosen by the error code, as catalogue keys
 * (every language). The core's `error_description` is written for relying parties (it names
 * request fields and rules) and is never shown on a page; only the code is, small, for support.
 * Whether the resident may try again comes from the core's catalogue (`ErrorDetail.user_fixable`),
 * not from this table.
 */
export interface ResidentMessage {
  /** The page heading, when the message ends the login on its own page. */
  readonly title: MessageKey;
  /** The words; a `{wait}` placeholder is how long the resident must wait, when the core said so. */
  readonly text: MessageKey;
  /**
   * Shown on a page of its own with a link back to the application rather than
   * redirecting there at once, so the resident reads why the login stopped.
   */
  readonly stopsLogin?: true;
}

const CANNOT_COMPLETE = 'error.title';

const messages: Readonly<Record<string, ResidentMessage>> = {
  // Login steps the resident can put right (user_fixable in the catalogue).
  auth_failed: { title: CANNOT_COMPLETE, text: 'retry.auth_failed' },
  invalid_challenge: { title: CANNOT_COMPLETE, text: 'retry.invalid_challenge' },
  invalid_identifier: { title: CANNOT_COMPLETE, text: 'retry.invalid_identifier' },
  too_early_attempt: { title: CANNOT_COMPLETE, text: 'throttled.wait' },
  send_otp_failed: { title: CANNOT_COMPLETE, text: 'retry.send_otp_failed' },
  biometric_verification_failed: { title: CANNOT_COMPLETE, text: 'retry.biometric_verification_failed' },
  auth_factor_mismatch: { title: CANNOT_COMPLETE, text: 'error.authFactorMismatch' },
  // Lockouts.
  no_attempts_left: { title: 'blocked.title', text: 'blocked.attempts', stopsLogin: true },
  individual_id_blocked: { title: 'blocked.title', text: 'blocked.locked', stopsLogin: true },
  // The login cannot go on.
  invalid_transaction: { title: 'ended.title', text: 'ended.message' },
  invalid_client: { title: CANNOT_COMPLETE, text: 'error.invalidClient' },
  invalid_accepted_claim: { title: CANNOT_COMPLETE, text: 'error.consentChoices' },
  invalid_permitted_scope: { title: CANNOT_COMPLETE, text: 'error.consentChoices' },
  server_error: { title: 'error.unexpectedTitle', text: 'error.server' },
  temporarily_unavailable: { title: 'unavailable.title', text: 'error.unavailable' },
};

/** For any other code: the application sent a request this service cannot serve. */
const fallback: ResidentMessage = { title: CANNOT_COMPLETE, text: 'error.generic' };

/** Words for a login step that spent an attempt on what the resident entered, when its code has none of its own. */
const spentAttempt: ResidentMessage = { title: CANNOT_COMPLETE, text: 'retry.field' };

/** Whether `code` has words of its own. */
export function hasResidentMessage(code: string): boolean {
  return Object.hasOwn(messages, code);
}

/**
 * The message for an error (a general one for codes without their own, or, when the
 * refusal spent one of the resident's attempts, "check what you entered").
 */
export function residentMessage(code: string, spentAnAttempt = false): ResidentMessage {
  if (hasResidentMessage(code)) return messages[code]!;
  return spentAnAttempt ? spentAttempt : fallback;
}

/** "45 seconds", "5 minutes", "23 hours" in the page's language: rounded up, so the resident never comes back too early. */
export function waitText(tr: Translator, seconds: number): string {
  if (seconds < 120) return tr.t('duration.seconds', { n: seconds });
  if (seconds < 7200) return tr.t('duration.minutes', { n: Math.ceil(seconds / 60) });
  return tr.t('duration.hours', { n: Math.ceil(seconds / 3600) });
}

/** The words of `message` in the page's language, with the wait (in seconds, as the core sent it) filled in. */
export function residentText(tr: Translator, message: ResidentMessage, retryAfterSeconds: number | undefined): string {
  return tr.t(message.text, { wait: waitText(tr, retryAfterSeconds ?? 1) });
}

/** The codes with their own message (a test checks each is in the core's catalogue). */
export const codesWithMessages: readonly string[] = Object.keys(messages);
