/**
 * How the bench and the soak start Signet: embedded (`signet start`, sqlite), split (`signet core`
 * + `signet gateway` over gRPC with the development mutual TLS, as shipped), two `signet start`
 * instances on one PostgreSQL cluster, or the peer (node-oidc-provider). Each server is pinned
 * to a CPU and registered with the bench's relying party and wallet.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AdminService, UserinfoResponseType } from "../../../src/gen/signet/v1/admin_pb.js";
import { freePort } from "../../helpers/ports.js";
import type { Fixture } from "./fixture.js";
import type { Target } from "./flows.js";
import { startServer, type PgCluster, type Server } from "./processes.js";

export { freePort };

/** A started target: its servers and any other process whose CPU counts as server work. */
export interface Running {
  readonly target: Target;
  readonly servers: Server[];
  readonly extraPids: number[];
}

/** How to start the server processes. */
export interface ModeOptions {
  /** The repository whose CLI runs. */
  readonly repo: string;
  /** The CPU the servers are pinned to. */
  readonly cpu: string;
  /** argv running a TypeScript file of the repository with Node (and any profiling flags). */
  readonly serverNode: (script: string, ...args: string[]) => string[];
  /** Another checkout, started as mode "before". */
  readonly before?: string;
  /** Extra environment of every Signet process. */
  readonly env?: Readonly<Record<string, string>>;
}

function signetEnv(fixture: Fixture, dataDir: string, issuer: string, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SIGNET_DATA_DIR: dataDir,
    SIGNET_ISSUER: issuer,
    SIGNET_ADMIN_TOKEN: fixture.adminToken,
    SIGNET_KEY_ENCRYPTION_KEY: fixture.keyEncryptionKey,
    SIGNET_PAIRWISE_SALT: fixture.pairwiseSalt,
    SIGNET_COOKIE_SECRET: fixture.cookieSecret,
    SIGNET_MOCK_IDENTITIES_FILE: fixture.identitiesFile,
    // Codes harvested for the token scenario wait up to a few seconds; the peer gets the same TTL.
    SIGNET_CODE_SECONDS: "600",
    SIGNET_LOG_LEVEL: "warn",
    // Several servers run side by side (two instances in the PostgreSQL mode): no fixed metrics port.
    SIGNET_CORE_METRICS_PORT: "0",
    // Every login sends an OTP: the per-individual send limits (anti-flooding) are raised to their
    // maximum, and logins spread over 1000 residents, so a long run is never refused by them.
    SIGNET_OTP_SENDS_PER_WINDOW: "100",
    SIGNET_OTP_SEND_WINDOW_SECONDS: "60",
    SIGNET_OTP_SENDS_PER_DAY: "1000",
    ...extra,
    // BENCH_SIGNET_NODE_OPTIONS: NODE_OPTIONS for every Signet process (e.g. `--import` a heap sampler).
    ...(process.env.BENCH_SIGNET_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SIGNET_NODE_OPTIONS } : {}),
  };
}

/** BENCH_BEFORE_FLAGS: node flags of the "before" targets only (a V8 flag against the same checkout as BENCH_BEFORE). */
const beforeFlags = () => (process.env.BENCH_BEFORE_FLAGS ?? "").split(/\s+/).filter(Boolean);
/**
 * BENCH_BEFORE_NODE: the node binary of the "before" targets (default: the bench's own), to
 * compare Node versions; the other checkout's native modules must be built for that version.
 */
const beforeExec = () => process.env.BENCH_BEFORE_NODE || process.execPath;

/** Registers the bench's relying party and wallet; `tlsDir`: the core's development mTLS files. */
export async function register(fixture: Fixture, coreUrl: string, tlsDir?: string): Promise<void> {
  const nodeOptions = tlsDir
    ? { ca: readFileSync(join(tlsDir, "ca.pem")), cert: readFileSync(join(tlsDir, "client.pem")), key: readFileSync(join(tlsDir, "client-key.pem")) }
    : undefined;
  const admin = createClient(AdminService, createGrpcTransport({ baseUrl: coreUrl, ...(nodeOptions ? { nodeOptions } : {}) }));
  const headers = { authorization: `Bearer ${fixture.adminToken}` };
  const acrValues = ["mosip:idp:acr:generated-code", "mosip:idp:acr:static-code"];
  await admin.createClient(
    { client: { clientId: fixture.rp.clientId, name: "Bench RP", redirectUris: [fixture.rp.redirectUri], publicKey: fixture.rp.publicJwk as never, allowedClaims: ["name", "email", "birthdate"], acrValues, idTokenSignedResponseAlg: "ES256", userinfoResponseType: UserinfoResponseType.JWS } },
    { headers, timeoutMs: 15_000 },
  );
  await admin.createClient(
    { client: { clientId: fixture.wallet.clientId, name: "Bench wallet", redirectUris: [fixture.wallet.redirectUri], publicKey: fixture.wallet.publicJwk as never, allowedClaims: [], acrValues, idTokenSignedResponseAlg: "ES256" } },
    { headers, timeoutMs: 15_000 },
  );
}

/** Starts `mode` with its logs and data under `dir`; `pg()` starts the PostgreSQL cluster when the mode needs one. */
export async function startMode(mode: string, fixture: Fixture, dir: string, pg: () => PgCluster, opts: ModeOptions): Promise<Running> {
  const cli = "src/cli/main.ts";
  const extra = opts.env ?? {};
  const { cpu, serverNode } = opts;
  const beforeNode = (root: string, command: string) => [beforeExec(), ...beforeFlags(), "--import", "tsx", join(root, cli), command];
  if (mode === "embedded" || mode === "before") {
    const [http, grpc] = [await freePort(), await freePort()];
    const issuer = `http://127.0.0.1:${http}`;
    const argv = mode === "before" ? beforeNode(opts.before!, "start") : serverNode(cli, "start");
    const s = await startServer({ name: mode, cpu, dir, argv, ready: /gateway listening/, env: signetEnv(fixture, join(dir, mode), issuer, { ...extra, SIGNET_GATEWAY_PORT: String(http), SIGNET_CORE_PORT: String(grpc) }) });
    await register(fixture, `http://127.0.0.1:${grpc}`);
    return { target: { kind: "signet", issuer, urls: [issuer] }, servers: [s], extraPids: [] };
  }
  if (mode === "split" || mode === "split-before") {
    // "split-before": the same two processes from the other checkout.
    const root = mode === "split" ? undefined : opts.before!;
    const run = (command: string) => (root ? beforeNode(root, command) : serverNode(cli, command));
    const [http, grpc] = [await freePort(), await freePort()];
    const issuer = `http://127.0.0.1:${http}`;
    // `signet core` serves mutual TLS by default (development certificates in <dataDir>/tls), and
    // the gateway reaches it over https with the development client certificate: measured as shipped.
    const coreUrl = `https://127.0.0.1:${grpc}`;
    const base = signetEnv(fixture, join(dir, mode), issuer, { ...extra, SIGNET_GATEWAY_PORT: String(http), SIGNET_CORE_PORT: String(grpc), SIGNET_CORE_URL: coreUrl });
    const core = await startServer({ name: `${mode}-core`, cpu, dir, argv: run("core"), ready: /core .*listening/, env: base });
    const gateway = await startServer({ name: `${mode}-gateway`, cpu, dir, argv: run("gateway"), ready: /gateway listening/, env: base });
    await register(fixture, coreUrl, join(dir, mode, "tls"));
    return { target: { kind: "signet", issuer, urls: [issuer] }, servers: [core, gateway], extraPids: [] };
  }
  if (mode === "pg" || mode === "pg-before") {
    // "pg-before": the same two instances from the other checkout, on a schema of their own in the same cluster.
    const cluster = pg();
    const url = mode === "pg" ? cluster.url : await schemaUrl(cluster.url, "before");
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    const issuer = `http://127.0.0.1:${ports[0]}`;
    const servers: Server[] = [];
    for (const i of [0, 1]) {
      const e = signetEnv(fixture, join(dir, `${mode}-${i}`), issuer, { ...extra, DATABASE_URL: url, SIGNET_GATEWAY_PORT: String(ports[i]), SIGNET_CORE_PORT: String(ports[i + 2]) });
      const argv = mode === "pg" ? serverNode(cli, "start") : beforeNode(opts.before!, "start");
      servers.push(await startServer({ name: `${mode}-${i}`, cpu, dir, argv, ready: /gateway listening/, env: e }));
    }
    await register(fixture, `http://127.0.0.1:${ports[2]}`);
    return { target: { kind: "signet", issuer, urls: [issuer, `http://127.0.0.1:${ports[1]}`] }, servers, extraPids: [cluster.postmasterPid] };
  }
  if (mode === "peer") {
    const port = await freePort();
    const s = await startServer({ name: "peer", cpu, dir, argv: serverNode("test/bench/peer-server.ts", join(dir, "fixture.json"), String(port)), ready: /"ready":true/, env: { ...process.env, NODE_ENV: "production" } });
    const issuer = `http://127.0.0.1:${port}`;
    return { target: { kind: "peer", issuer, urls: [issuer] }, servers: [s], extraPids: [] };
  }
  throw new Error(`unknown mode ${mode}`);
}

/** `url` with its connections' search_path on `schema`, created first: another target's tables beside the default ones. */
async function schemaUrl(url: string, schema: string): Promise<string> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
  return `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
