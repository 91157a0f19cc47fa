/**
 * Every configuration option in one table (node-oidc-provider `defaults.js` style): its
 * path in the config object, the environment variable that overrides it, the default,
 * and what it means. `--help` prints this table; entry points alone read process.env.
 */
export type OptionType = "string" | "int" | "bool" | "list";

export interface OptionSpec {
  readonly path: string;
  readonly env: string;
  readonly type: OptionType;
  readonly default: string | number | boolean | readonly string[] | undefined;
  readonly doc: string;
  /** For string options with a closed set of values: the accepted ones. */
  readonly values?: readonly string[];
  /** Smallest accepted value of an int option (default 0). */
  readonly min?: number;
  /** Largest accepted value of an int option. */
  readonly max?: number;
}

export const options = [
  { path: "issuer", env: "SIGNET_ISSUER", type: "string", default: "", doc: "Public base URL of the gateway; the OIDC issuer identifier and credential issuer. Empty means http://<gateway.host>:<gateway.port>." },
  { path: "dataDir", env: "SIGNET_DATA_DIR", type: "string", default: "./data", doc: "Directory for the sqlite file, the generated key-encryption key, admin token and simulator state." },
  { path: "gateway.host", env: "SIGNET_GATEWAY_HOST", type: "string", default: "127.0.0.1", doc: "Gateway HTTP listen address." },
  { path: "gateway.port", env: "SIGNET_GATEWAY_PORT", type: "int", max: 65535, default: 8088, doc: "Gateway HTTP port." },
  { path: "gateway.coreUrl", env: "SIGNET_CORE_URL", type: "string", default: "https://127.0.0.1:50051", doc: "Split mode: the core's gRPC address the gateway calls; https:// is TLS (http:// plaintext, refused under NODE_ENV=production unless on loopback)." },
  { path: "gateway.coreCaFile", env: "SIGNET_CORE_CA", type: "string", default: "", doc: "Split mode: PEM CA bundle that verifies the core's certificate. Empty: the system CAs; outside production, <dataDir>/tls/ca.pem when the development certificates exist." },
  { path: "gateway.coreClientCertFile", env: "SIGNET_CORE_CLIENT_CERT", type: "string", default: "", doc: "Split mode, mutual TLS: the gateway's client certificate (PEM). Outside production defaults to <dataDir>/tls/client.pem when it exists." },
  { path: "gateway.coreClientKeyFile", env: "SIGNET_CORE_CLIENT_KEY", type: "string", default: "", doc: "Split mode, mutual TLS: the key of SIGNET_CORE_CLIENT_CERT (PEM)." },
  { path: "gateway.coreTimeoutSeconds", env: "SIGNET_CORE_TIMEOUT_SECONDS", type: "int", min: 1, max: 300, default: 10, doc: "Deadline of every gateway→core call; past it the request is answered 503 (and the core stops waiting on storage for it)." },
  { path: "gateway.cookieSecret", env: "SIGNET_COOKIE_SECRET", type: "string", default: undefined, doc: "Key (≥ 32 bytes) binding login pages to the browser; shared by every gateway instance. Unset outside production: generated into <dataDir>/cookie-secret." },
  { path: "core.host", env: "SIGNET_CORE_HOST", type: "string", default: "127.0.0.1", doc: "Core gRPC listen address." },
  { path: "core.port", env: "SIGNET_CORE_PORT", type: "int", max: 65535, default: 50051, doc: "Core gRPC port." },
  { path: "core.tls.certFile", env: "SIGNET_CORE_TLS_CERT", type: "string", default: "", doc: "Core TLS certificate chain (PEM). Reloaded on SIGHUP and when the file changes. Required under NODE_ENV=production unless the core listens on loopback or a Unix socket." },
  { path: "core.tls.keyFile", env: "SIGNET_CORE_TLS_KEY", type: "string", default: "", doc: "Key of SIGNET_CORE_TLS_CERT (PEM)." },
  { path: "core.tls.clientCaFile", env: "SIGNET_CORE_TLS_CLIENT_CA", type: "string", default: "", doc: "CA bundle (PEM) for client certificates: set means mutual TLS, every caller presents a certificate it issued." },
  { path: "core.tls.devCertificates", env: "SIGNET_CORE_TLS_DEV", type: "bool", default: true, doc: "Outside production, `signet core` without a certificate generates a local CA, server and gateway client certificates in <dataDir>/tls and serves mutual TLS with them. false: plaintext." },
  { path: "core.callersFile", env: "SIGNET_CALLERS_FILE", type: "string", default: "", doc: "JSON file of the callers allowed to call the core (gateways, direct callers bound to client ids, admins), by client certificate or hashed bearer token." },
  { path: "core.anonymous", env: "SIGNET_CORE_ANONYMOUS", type: "string", default: "auto", values: ["auto", "none", "gateway"], doc: "What a caller with neither certificate nor credential may do: none (health only) or gateway. auto: gateway outside production (development default, announced), none in production." },
  { path: "core.reflection", env: "SIGNET_CORE_REFLECTION", type: "string", default: "auto", values: ["auto", "on", "off"], doc: "gRPC server reflection. auto: on outside production, off in production." },
  { path: "core.metricsPort", env: "SIGNET_CORE_METRICS_PORT", type: "int", max: 65535, default: 9464, doc: "Port of the core's Prometheus /metrics listener (on SIGNET_METRICS_HOST, never the gRPC port); 0 turns it off." },
  { path: "gateway.metricsPort", env: "SIGNET_GATEWAY_METRICS_PORT", type: "int", max: 65535, default: 0, doc: "Port of the gateway's Prometheus /metrics listener. 0: /metrics on the public listener outside production, not served in production." },
  { path: "metricsHost", env: "SIGNET_METRICS_HOST", type: "string", default: "127.0.0.1", doc: "Listen address of the metrics ports." },
  { path: "core.healthIntervalSeconds", env: "SIGNET_HEALTH_INTERVAL_SECONDS", type: "int", min: 1, max: 300, default: 5, doc: "How often readiness (a storage query and the identity system's probe, 2 s limit each) is re-checked for grpc.health.v1 Watch streams; Check and /readyz probe on demand (results reused for 1 s)." },
  { path: "core.maxMessageBytes", env: "SIGNET_MAX_MESSAGE_BYTES", type: "int", min: 65536, default: 1024 * 1024, doc: "Largest gRPC message accepted or sent, in bytes (the largest legitimate request, a biometric capture, is about 500 KB)." },
  { path: "core.shutdownGraceMs", env: "SIGNET_SHUTDOWN_GRACE_MS", type: "int", default: 10000, doc: "On SIGTERM, how long in-flight gRPC calls and HTTP requests may take to finish before they are cut (gateway and core)." },
  { path: "database.url", env: "DATABASE_URL", type: "string", default: undefined, doc: "postgres://… to use PostgreSQL (several instances); unset for the sqlite file." },
  { path: "database.poolMax", env: "SIGNET_DB_POOL_MAX", type: "int", min: 1, max: 1000, default: 10, doc: "PostgreSQL: the most connections this instance opens." },
  { path: "database.connectTimeoutSeconds", env: "SIGNET_DB_CONNECT_TIMEOUT_SECONDS", type: "int", min: 1, max: 300, default: 5, doc: "PostgreSQL: how long opening a connection may take before the request is answered 503." },
  { path: "database.acquireTimeoutSeconds", env: "SIGNET_DB_ACQUIRE_TIMEOUT_SECONDS", type: "int", min: 1, max: 300, default: 5, doc: "How long a request waits for a free pooled connection before it is answered 503." },
  { path: "database.statementTimeoutSeconds", env: "SIGNET_DB_STATEMENT_TIMEOUT_SECONDS", type: "int", min: 1, max: 3600, default: 5, doc: "Longest statement (PostgreSQL statement_timeout, client read timeout and idle-in-transaction timeout; sqlite busy_timeout). `signet migrate` runs without it." },
  { path: "database.sqliteFile", env: "SIGNET_SQLITE_FILE", type: "string", default: "", doc: "The sqlite file; empty means <dataDir>/signet.db." },
  { path: "adminToken", env: "SIGNET_ADMIN_TOKEN", type: "string", default: undefined, doc: "Bearer token for AdminService (≥ 32 characters). Unset outside production: generated into <dataDir>/admin-token." },
  { path: "keys.keyEncryptionKey", env: "SIGNET_KEY_ENCRYPTION_KEY", type: "string", default: undefined, doc: "Base64 32-byte key encrypting signing keys at rest. Unset outside production: generated into <dataDir>/signet.kek." },
  { path: "keys.refreshSeconds", env: "SIGNET_KEYS_REFRESH_SECONDS", type: "int", min: 1, default: 60, doc: "How often cached keys are reloaded (picks up rotations by other instances)." },
  { path: "keys.jwksMaxAgeSeconds", env: "SIGNET_JWKS_MAX_AGE_SECONDS", type: "int", max: 86400, default: 60, doc: "How long the JWKS may be cached (GetJwks max_age_seconds, the gateway's cache and the Cache-Control it sends)." },
  { path: "keys.publishDelaySeconds", env: "SIGNET_KEYS_PUBLISH_DELAY_SECONDS", type: "int", max: 2592000, default: 0, doc: "Delay RotateSigningKey uses when none is asked for; 0 means the minimum, keys.refreshSeconds + keys.jwksMaxAgeSeconds + tokens.clockSkewSeconds (125 s by default). A shorter value is refused." },
  { path: "tokens.accessTokenSeconds", env: "SIGNET_ACCESS_TOKEN_SECONDS", type: "int", min: 1, default: 3600, doc: "Access token lifetime (eSignet default 3600)." },
  { path: "tokens.idTokenSeconds", env: "SIGNET_ID_TOKEN_SECONDS", type: "int", min: 1, default: 3600, doc: "ID token lifetime." },
  { path: "tokens.codeSeconds", env: "SIGNET_CODE_SECONDS", type: "int", min: 1, max: 600, default: 60, doc: "Authorization code lifetime (RFC 6749 §4.1.2 recommends at most 10 minutes)." },
  { path: "tokens.transactionSeconds", env: "SIGNET_TRANSACTION_SECONDS", type: "int", min: 1, default: 600, doc: "How long a login transaction stays open before authentication and consent." },
  { path: "tokens.assertionMaxSeconds", env: "SIGNET_ASSERTION_MAX_SECONDS", type: "int", min: 1, default: 300, doc: "Longest accepted client-assertion lifetime (exp − now)." },
  { path: "tokens.clockSkewSeconds", env: "SIGNET_CLOCK_SKEW_SECONDS", type: "int", default: 5, doc: "Tolerance for iat/exp checks (eSignet leeway 5 s)." },
  { path: "tokens.nonceReplaySeconds", env: "SIGNET_NONCE_REPLAY_SECONDS", type: "int", min: 1, default: 86400, doc: "How long an authorize nonce is remembered for replay detection." },
  { path: "tokens.pairwiseSalt", env: "SIGNET_PAIRWISE_SALT", type: "string", default: undefined, doc: "Secret salt for pairwise subject identifiers (OIDC Core §8.1). Unset outside production: derived from the generated key file." },
  { path: "login.sendOtpAttempts", env: "SIGNET_SEND_OTP_ATTEMPTS", type: "int", min: 1, default: 3, doc: "SendOtp calls allowed per transaction (eSignet mosip.esignet.send-otp.attempts)." },
  { path: "login.authenticateAttempts", env: "SIGNET_AUTHENTICATE_ATTEMPTS", type: "int", min: 1, default: 3, doc: "Authenticate calls allowed per transaction (eSignet mosip.esignet.authenticate.attempts)." },
  { path: "login.throttleAfterFailures", env: "SIGNET_THROTTLE_AFTER_FAILURES", type: "int", min: 1, max: 100, default: 5, doc: "Consecutive failed logins of one individual (any transaction, factor or instance) after which each further attempt must wait a growing delay (NIST SP 800-63B §5.2.2)." },
  { path: "login.throttleBaseSeconds", env: "SIGNET_THROTTLE_BASE_SECONDS", type: "int", min: 1, max: 3600, default: 1, doc: "The first throttling delay; it doubles with each further failure." },
  { path: "login.throttleMaxSeconds", env: "SIGNET_THROTTLE_MAX_SECONDS", type: "int", min: 1, max: 86400, default: 3600, doc: "The longest throttling delay between two attempts for one individual." },
  { path: "login.lockAfterFailures", env: "SIGNET_LOCK_AFTER_FAILURES", type: "int", min: 1, max: 100, default: 100, doc: "Consecutive failures that lock the individual (hard cap, at most 100 per NIST SP 800-63B §5.2.2); each failure past it locks again." },
  { path: "login.lockSeconds", env: "SIGNET_LOCK_SECONDS", type: "int", min: 60, max: 2592000, default: 86400, doc: "How long a lock lasts, unless an operator clears it first (AdminService.UnlockIndividual)." },
  { path: "login.failureMemorySeconds", env: "SIGNET_FAILURE_MEMORY_SECONDS", type: "int", min: 3600, max: 31536000, default: 2592000, doc: "How long an individual's consecutive failures are remembered after the latest one (a success forgets them at once)." },
  { path: "login.otpSendsPerWindow", env: "SIGNET_OTP_SENDS_PER_WINDOW", type: "int", min: 1, max: 100, default: 3, doc: "OTPs sent to one individual per login.otpSendWindowSeconds, across transactions and instances." },
  { path: "login.otpSendWindowSeconds", env: "SIGNET_OTP_SEND_WINDOW_SECONDS", type: "int", min: 60, max: 86400, default: 600, doc: "The short OTP-send window (sliding)." },
  { path: "login.otpSendsPerDay", env: "SIGNET_OTP_SENDS_PER_DAY", type: "int", min: 1, max: 1000, default: 10, doc: "OTPs sent to one individual per 24 hours (sliding), across transactions and instances." },
  { path: "login.showMaskedContact", env: "SIGNET_SHOW_MASKED_CONTACT", type: "bool", default: false, doc: "SendOtp answers with the masked e-mail/phone the code went to, and an unknown id with invalid_identifier (eSignet behaviour). Off: every id gets the same answer, so the login page cannot tell who is registered." },
  { path: "identity.systemUrl", env: "SIGNET_IDENTITY_SYSTEM_URL", type: "string", default: "", doc: "The identity system: base URL of a signet.v1.IdentitySystemService (proto/signet/v1/identity_system.proto), e.g. https://idsys.internal:8443. https uses TLS. Empty: the bundled mock, in process (development only; refused under NODE_ENV=production)." },
  { path: "identity.timeoutMs", env: "SIGNET_IDENTITY_SYSTEM_TIMEOUT_MS", type: "int", min: 100, max: 60000, default: 5000, doc: "Deadline of every call to the identity system, in milliseconds; past it the login answers temporarily_unavailable (503) and costs no attempt." },
  { path: "identity.retries", env: "SIGNET_IDENTITY_SYSTEM_RETRIES", type: "int", max: 5, default: 2, doc: "Extra attempts of an idempotent identity-system call (GetCapabilities, KycExchange, RevokeKycToken) after UNAVAILABLE. DeliverOtp and KycAuth are never retried." },
  { path: "identity.caFile", env: "SIGNET_IDENTITY_SYSTEM_CA", type: "string", default: "", doc: "PEM file of the CA certificates trusted for an https identity-system URL; empty means the system's trust store." },
  { path: "identity.clientCertFile", env: "SIGNET_IDENTITY_SYSTEM_CLIENT_CERT", type: "string", default: "", doc: "PEM client certificate (chain) Signet presents to the identity system (mutual TLS); set with SIGNET_IDENTITY_SYSTEM_CLIENT_KEY." },
  { path: "identity.clientKeyFile", env: "SIGNET_IDENTITY_SYSTEM_CLIENT_KEY", type: "string", default: "", doc: "PEM private key of that client certificate." },
  { path: "identity.claimsFormat", env: "SIGNET_IDENTITY_SYSTEM_CLAIMS_FORMAT", type: "string", values: ["plain", "signed"], default: "plain", doc: "How KycExchange answers: plain JSON, or a JWS Signet verifies against the keys the identity system publishes in GetCapabilities." },
  { path: "identity.mockIdentitiesFile", env: "SIGNET_MOCK_IDENTITIES_FILE", type: "string", default: "", doc: "Seeded identities of the mock identity system; empty means the bundled file." },
  { path: "identity.mockHost", env: "SIGNET_MOCK_IDENTITY_HOST", type: "string", default: "127.0.0.1", doc: "`signet mock-identity`: the gRPC listen address of the mock identity system." },
  { path: "identity.mockPort", env: "SIGNET_MOCK_IDENTITY_PORT", type: "int", max: 65535, default: 50061, doc: "`signet mock-identity`: its gRPC port." },
  { path: "sbi.env", env: "SIGNET_SBI_ENV", type: "string", default: "Developer", doc: "SBI `env` expected in captures." },
  { path: "sbi.deviceTrustRoots", env: "SIGNET_SBI_DEVICE_ROOTS", type: "list", default: [], doc: "PEM files of trusted SBI DEVICE CA certificates (comma-separated). Empty outside production: the simulator's <dataDir>/sbi-sim/device-ca.pem." },
  { path: "sbi.ftmTrustRoots", env: "SIGNET_SBI_FTM_ROOTS", type: "list", default: [], doc: "PEM files of trusted SBI FTM CA certificates (comma-separated). Empty outside production: the simulator's <dataDir>/sbi-sim/ftm-ca.pem." },
  { path: "sbi.encryptionKeyFile", env: "SIGNET_SBI_ENCRYPTION_KEY", type: "string", default: "", doc: "PEM (PKCS#8) RSA key that SBI devices encrypt session keys to. Empty outside production: generated into <dataDir>/sbi/." },
  { path: "sbi.encryptionCertFile", env: "SIGNET_SBI_ENCRYPTION_CERT", type: "string", default: "", doc: "PEM certificate of that key, given to devices (its SHA-256 is the capture thumbprint)." },
  { path: "sbi.captureTimeoutMs", env: "SIGNET_SBI_CAPTURE_TIMEOUT_MS", type: "int", min: 1000, default: 30000, doc: "Capture `timeout` sent to the device, in milliseconds (eSignet 30000)." },
  { path: "sbi.fingerCount", env: "SIGNET_SBI_FINGER_COUNT", type: "int", min: 1, max: 10, default: 1, doc: "Fingers captured for a biometric login (eSignet sbi.capture.count.finger)." },
  { path: "sbi.fingerSubtypes", env: "SIGNET_SBI_FINGER_SUBTYPES", type: "list", default: ["UNKNOWN"], doc: "Finger subtypes requested (eSignet sbi.bio.subtypes.finger), e.g. \"Left IndexFinger,Right IndexFinger\"." },
  { path: "sbi.decrypt", env: "SIGNET_SBI_DECRYPT", type: "bool", default: true, doc: "Decrypt bioValue and check the hash chain in the core; false when the identity system decrypts." },
  { path: "sbi.captureMaxAgeSeconds", env: "SIGNET_SBI_MAX_AGE_SECONDS", type: "int", min: 1, default: 180, doc: "How old a capture's timestamp may be." },
  { path: "vci.credentialsFile", env: "SIGNET_CREDENTIALS_FILE", type: "string", default: "", doc: "Credential configurations (OpenID4VCI); empty means the bundled file." },
  { path: "vci.contextUrl", env: "SIGNET_CREDENTIALS_CONTEXT_URL", type: "string", default: "", doc: "URL of Signet's JSON-LD context in ldp_vc credentials and metadata, when a copy is published elsewhere (it must serve the same document); empty means <issuer>/contexts/credentials/v1, served by the gateway." },
  { path: "vci.cNonceSeconds", env: "SIGNET_C_NONCE_SECONDS", type: "int", min: 1, default: 300, doc: "c_nonce lifetime." },
  { path: "demo", env: "SIGNET_DEMO", type: "bool", default: undefined, doc: "signet start: register and serve the demo relying party and wallet at <issuer>/demo. Unset means on in development and off under NODE_ENV=production, where true is refused." },
  { path: "logLevel", env: "SIGNET_LOG_LEVEL", type: "string", default: "info", values: ["debug", "info", "warn", "error", "silent"], doc: "debug, info, warn, error or silent." },
] as const satisfies readonly OptionSpec[];
