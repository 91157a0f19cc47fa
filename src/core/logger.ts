import { pino, stdTimeFunctions, type DestinationStream } from "pino";
import { contextSlot } from "./ports/call-context.js";

/**
 * The structured logger every part of Signet writes to: one JSON object per line on
 * stderr, written by pino. Secrets are redacted by field path before writing, as a second
 * line of defence — callers must still never pass tokens, codes, OTPs, PINs, keys or
 * biometric data.
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const logLevels = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Field names whose values are secrets or personal data, wherever they appear at the top
 * level or one object down (`headers.authorization`, `request.pin`). Paths, not a pattern:
 * a pattern such as /code/ also hid the gRPC status `code` of every access-log line, the
 * one field an operator filters on. Authorization codes are never logged under `code`.
 */
const secretNames = [
  "authorization", "cookie", "set-cookie",
  "token", "access_token", "accessToken", "id_token", "idToken", "refresh_token", "refreshToken",
  "authorization_code", "authorizationCode", "code_verifier", "codeVerifier",
  "assertion", "client_assertion", "clientAssertion", "secret", "client_secret", "clientSecret", "password",
  "otp", "pin", "challenge", "challenges", "csrf", "csrf_token", "csrfToken",
  "nonce", "c_nonce", "cNonce", "key", "private_key", "privateKey", "d",
  "biometrics", "biometric", "bio_value", "bioValue", "individual_id", "individualId",
];
/** The pino redaction paths (exported for the test that checks them). */
export const redactPaths: readonly string[] = secretNames.flatMap((n) =>
  /^[A-Za-z_$][\w$]*$/.test(n) ? [n, `*.${n}`] : [`["${n}"]`, `*["${n}"]`],
);

/**
 * A boolean says whether something happened (`id_token: true`) and cannot carry a secret,
 * so it stays readable; every other value under a secret path is replaced.
 */
const censor = (value: unknown): unknown => (typeof value === "boolean" ? value : "[redacted]");

/** Request-scoped fields (request id, trace id) added to every line logged inside {@link withLogContext}. */
const logContext = contextSlot<Readonly<Record<string, unknown>>>("log fields");

/**
 * Runs `fn` so that every line logged from it — synchronously or after any `await` —
 * carries `fields` (the RPC's request id and trace id).
 */
export function withLogContext<T>(fields: Readonly<Record<string, unknown>>, fn: () => T): T {
  const outer = logContext.getStore();
  return logContext.run(outer ? Object.assign({}, outer, fields) : fields, fn);
}

/** The request-scoped fields in force (empty outside an RPC). */
export function currentLogContext(): Readonly<Record<string, unknown>> {
  return logContext.getStore() ?? {};
}

/**
 * Creates a logger writing at `level` and above. `write` receives each line without its
 * newline (tests); by default lines go to stderr synchronously, so nothing is lost when
 * the process exits.
 */
export function createLogger(
  level: LogLevel = "info",
  write?: (line: string) => void,
  base: Record<string, unknown> = {},
): Logger {
  const destination: DestinationStream = write
    ? { write: (chunk: string) => write(chunk.endsWith("\n") ? chunk.slice(0, -1) : chunk) }
    : pino.destination({ dest: 2, sync: true });
  const log = pino(
    {
      level,
      base,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...redactPaths], censor },
      mixin: () => logContext.getStore() ?? {},
    },
    destination,
  );
  const emit = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (fields) log[lvl](fields, msg);
    else log[lvl](msg);
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger("silent");
