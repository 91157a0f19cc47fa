import { readFileSync } from "node:fs";
import path from "node:path";
import { options, type OptionSpec } from "./options.js";
import { publishDelayViolation } from "./publish-delay.js";
import { isLocalOnly } from "../tls/listen-policy.js";

/** Signet's whole configuration, one typed object (defaults in ./options.ts). */
export interface SignetConfig {
  readonly production: boolean;
  readonly issuer: string;
  readonly dataDir: string;
  readonly gateway: {
    readonly host: string;
    readonly port: number;
    readonly coreUrl: string;
    readonly coreTimeoutSeconds: number;
    readonly metricsPort: number;
    readonly coreCaFile: string;
    readonly coreClientCertFile: string;
    readonly coreClientKeyFile: string;
    readonly cookieSecret: string | undefined;
  };
  readonly core: {
    readonly host: string;
    readonly port: number;
    readonly tls: { readonly certFile: string; readonly keyFile: string; readonly clientCaFile: string; readonly devCertificates: boolean };
    readonly callersFile: string;
    readonly anonymous: "auto" | "none" | "gateway";
    readonly reflection: "auto" | "on" | "off";
    readonly metricsPort: number;
    readonly maxMessageBytes: number;
    readonly healthIntervalSeconds: number;
    readonly shutdownGraceMs: number;
  };
  readonly database: {
    readonly url: string | undefined;
    readonly sqliteFile: string;
    readonly poolMax: number;
    readonly connectTimeoutSeconds: number;
    readonly acquireTimeoutSeconds: number;
    readonly statementTimeoutSeconds: number;
  };
  readonly adminToken: string | undefined;
  readonly keys: {
    readonly keyEncryptionKey: string | undefined;
    readonly refreshSeconds: number;
    readonly jwksMaxAgeSeconds: number;
    /** 0: the minimum (see publish-delay.ts). */
    readonly publishDelaySeconds: number;
  };
  readonly tokens: {
    readonly accessTokenSeconds: number;
    readonly idTokenSeconds: number;
    readonly codeSeconds: number;
    readonly transactionSeconds: number;
    readonly assertionMaxSeconds: number;
    readonly clockSkewSeconds: number;
    readonly nonceReplaySeconds: number;
    readonly pairwiseSalt: string | undefined;
  };
  readonly login: {
    readonly sendOtpAttempts: number;
    readonly authenticateAttempts: number;
    readonly throttleAfterFailures: number;
    readonly throttleBaseSeconds: number;
    readonly throttleMaxSeconds: number;
    readonly lockAfterFailures: number;
    readonly lockSeconds: number;
    readonly failureMemorySeconds: number;
    readonly otpSendsPerWindow: number;
    readonly otpSendWindowSeconds: number;
    readonly otpSendsPerDay: number;
    readonly showMaskedContact: boolean;
  };
  readonly identity: {
    readonly systemUrl: string;
    readonly timeoutMs: number;
    readonly retries: number;
    readonly caFile: string;
    readonly clientCertFile: string;
    readonly clientKeyFile: string;
    readonly claimsFormat: "plain" | "signed";
    readonly mockIdentitiesFile: string;
    readonly mockHost: string;
    readonly mockPort: number;
  };
  readonly sbi: {
    readonly env: string;
    readonly encryptionKeyFile: string;
    readonly encryptionCertFile: string;
    readonly deviceTrustRoots: readonly string[];
    readonly ftmTrustRoots: readonly string[];
    readonly captureTimeoutMs: number;
    readonly fingerCount: number;
    readonly fingerSubtypes: readonly string[];
    readonly decrypt: boolean;
    readonly captureMaxAgeSeconds: number;
  };
  readonly vci: { readonly credentialsFile: string; readonly contextUrl: string; readonly cNonceSeconds: number };
  /** The development demo: unset means on outside production (see `demoEnabled`). */
  readonly demo: boolean | undefined;
  readonly logLevel: string;
  readonly metricsHost: string;
}

/** A configuration problem, naming the option and where its value came from. */
export class ConfigError extends Error {}

function parseValue(spec: OptionSpec, raw: unknown, source: string): unknown {
  const fail = (rule: string) => new ConfigError(`${spec.path} (${source}): ${rule}`);
  switch (spec.type) {
    case "string":
      if (typeof raw !== "string") throw fail("must be a string");
      if (spec.values && !spec.values.includes(raw)) throw fail(`must be one of ${spec.values.join(", ")}`);
      return raw;
    case "int": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n) || n < 0) throw fail("must be a non-negative integer");
      if (n < (spec.min ?? 0)) throw fail(`must be at least ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) throw fail(`must be at most ${spec.max}`);
      return n;
    }
    case "bool":
      if (typeof raw === "boolean") return raw;
      if (raw === "true" || raw === "1") return true;
      if (raw === "false" || raw === "0") return false;
      throw fail("must be true or false");
    case "list":
      if (Array.isArray(raw) && raw.every((v) => typeof v === "string")) return raw;
      if (typeof raw === "string") return raw.split(",").map((s) => s.trim()).filter(Boolean);
      throw fail("must be a list of strings or a comma-separated string");
  }
}

function getPath(obj: Record<string, unknown>, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[keys.at(-1)!] = value;
}

export interface LoadConfigInput {
  /** The environment (process.env at entry points). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Path of a JSON config file (`--config`, or SIGNET_CONFIG). */
  readonly file?: string;
  /** Values that win over everything (tests). */
  readonly overrides?: Record<string, unknown>;
}

/** Builds the config: defaults, then the JSON file, then env vars, then overrides. */
export function loadConfig(input: LoadConfigInput): SignetConfig {
  const filePath = input.file ?? input.env.SIGNET_CONFIG;
  let fileValues: Record<string, unknown> = {};
  if (filePath) {
    try {
      fileValues = JSON.parse(readFileSync(filePath, "utf8")) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`config file ${filePath}: ${(e as Error).message}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const spec of options as readonly OptionSpec[]) {
    let value: unknown = spec.default;
    const fromFile = getPath(fileValues, spec.path);
    if (fromFile !== undefined) value = parseValue(spec, fromFile, `file ${filePath}`);
    const fromEnv = input.env[spec.env];
    if (fromEnv !== undefined && fromEnv !== "") value = parseValue(spec, fromEnv, `env ${spec.env}`);
    const fromOverride = input.overrides ? getPath(input.overrides, spec.path) : undefined;
    if (fromOverride !== undefined) value = parseValue(spec, fromOverride, "override");
    setPath(out, spec.path, value);
  }
  const cfg = out as unknown as Omit<SignetConfig, "production">;
  const issuer = (cfg.issuer || `http://${cfg.gateway.host}:${cfg.gateway.port}`).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(issuer)) throw new ConfigError(`issuer: must be an http(s) URL without query or fragment`);
  const production = input.env.NODE_ENV === "production";
  if (production && !issuer.startsWith("https://")) throw new ConfigError("issuer: must use https under NODE_ENV=production (OIDC Discovery §3)");
  if (cfg.vci.contextUrl && !/^https?:\/\/[^/?#]+\/[^?#]*$/.test(cfg.vci.contextUrl)) throw new ConfigError("vci.contextUrl: must be an http(s) URL with a path, without query or fragment");
  if (production && cfg.vci.contextUrl.startsWith("http://")) throw new ConfigError("vci.contextUrl: must use https under NODE_ENV=production (verifiers fetch it)");
  const tooShort = cfg.keys.publishDelaySeconds > 0 ? publishDelayViolation(cfg.keys.publishDelaySeconds, cfg) : undefined;
  if (tooShort) throw new ConfigError(`keys.publishDelaySeconds (SIGNET_KEYS_PUBLISH_DELAY_SECONDS): ${tooShort}`);
  checkIdentitySystem(cfg.identity, production);
  const dataDir = path.resolve(cfg.dataDir);
  return {
    ...cfg,
    production,
    issuer,
    dataDir,
    database: { ...cfg.database, sqliteFile: cfg.database.sqliteFile || path.join(dataDir, "signet.db") },
  };
}

/**
 * The identity-system connection options: a base URL without path, query or fragment;
 * TLS files only with https; client certificate and key together. Under production the
 * connection carries PINs, OTPs and biometrics, so plaintext is refused except to a
 * loopback address (a sidecar that does the TLS).
 */
function checkIdentitySystem(id: SignetConfig["identity"], production: boolean): void {
  const fail = (rule: string) => new ConfigError(`identity.systemUrl (SIGNET_IDENTITY_SYSTEM_URL): ${rule}`);
  if ((id.clientCertFile === "") !== (id.clientKeyFile === "")) {
    throw new ConfigError("identity.clientCertFile (SIGNET_IDENTITY_SYSTEM_CLIENT_CERT) and identity.clientKeyFile (SIGNET_IDENTITY_SYSTEM_CLIENT_KEY): set both or neither");
  }
  if (!id.systemUrl) return;
  const m = /^(https?):\/\/([^/?#]+)\/?$/.exec(id.systemUrl);
  if (!m) throw fail("must be http(s)://host:port with no path, query or fragment");
  const host = new URL(id.systemUrl).hostname;
  if (m[1] === "http" && (id.caFile || id.clientCertFile)) throw fail("TLS files (SIGNET_IDENTITY_SYSTEM_CA, _CLIENT_CERT) need an https URL");
  if (m[1] === "http" && production && !isLocalOnly(host)) {
    throw fail("must use https under NODE_ENV=production (PINs, OTPs and biometrics travel on it); http is accepted only to a loopback address");
  }
}

/** The `--help` text: every option with its env var, default and meaning. */
export function helpText(): string {
  const rows = (options as readonly OptionSpec[]).map((o) => {
    const def = o.default === undefined ? "(unset)" : JSON.stringify(o.default);
    const range = o.min !== undefined || o.max !== undefined ? `, range ${o.min ?? 0}–${o.max ?? "∞"}` : "";
    return `  ${o.env.padEnd(30)} ${o.path.padEnd(28)} default ${def}${range}\n      ${o.doc}`;
  });
  return [
    "Configuration (precedence: defaults < JSON file via --config/SIGNET_CONFIG < environment):",
    "",
    "  ENV VAR                        CONFIG PATH",
    ...rows,
  ].join("\n");
}
