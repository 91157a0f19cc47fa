import { toJson, type MessageInitShape } from "@bufbuild/protobuf";
import { ClientSchema, ClientStatus, UserinfoResponseType, type Client } from "../../gen/signet/v1/admin_pb.js";
import { loadConfig } from "../../config/config.js";
import { generateClientKey, jwkFromFile, jwkFromSet, KEY_ALGS, type GeneratedKey, type KeyAlg } from "../client-key.js";
import { adminClient, CONNECTION_HELP, CONNECTION_OPTIONS, coreConnection, type CoreConnection } from "../connection.js";
import { EXIT, OUTPUT_OPTIONS, parseCommandArgs, table, UsageError, type CliIo, type Command } from "../io.js";
import { describeRpcError } from "../rpc-errors.js";
import { enumName, listOption, when } from "./format.js";

/** Short names for the ACR values a client may use (the full `mosip:idp:acr:…` names work too). */
const ACR_ALIASES: Readonly<Record<string, string>> = {
  otp: "mosip:idp:acr:generated-code",
  pin: "mosip:idp:acr:static-code",
  bio: "mosip:idp:acr:biometrics",
  biometrics: "mosip:idp:acr:biometrics",
};

const OPTIONS = { ...CONNECTION_OPTIONS, ...OUTPUT_OPTIONS };

/** Connects with the command's options and runs `fn`; an RPC failure prints one line and exits 1. */
async function withAdmin(values: Record<string, unknown>, io: CliIo, rpc: string, fn: (conn: CoreConnection) => Promise<number>): Promise<number> {
  const config = loadConfig({ env: io.env, file: typeof values.config === "string" ? values.config : undefined });
  const conn = coreConnection(values, config);
  try {
    return await fn(conn);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    io.err(`signet: ${describeRpcError(err, rpc, conn)}`);
    return EXIT.failed;
  }
}

function clientJson(client: Client): unknown {
  return toJson(ClientSchema, client);
}

function describeClient(c: Client): string[] {
  const langs = Object.entries(c.nameLangmap).map(([k, v]) => `${k}=${v}`);
  return [
    `client_id:              ${c.clientId}`,
    `status:                 ${enumName(ClientStatus, c.status)}`,
    `name:                   ${c.name}${langs.length ? `  (${langs.join(", ")})` : ""}`,
    `redirect_uris:          ${c.redirectUris.join(" ")}`,
    `acr_values:             ${c.acrValues.join(" ")}`,
    `allowed_claims:         ${c.allowedClaims.join(" ") || "-"}`,
    `id_token alg:           ${c.idTokenSignedResponseAlg || "(provider default)"}`,
    `userinfo:               ${enumName(UserinfoResponseType, c.userinfoResponseType)}`,
    `public key:             ${String(c.publicKey?.kty ?? "?")}${c.publicKey?.kid ? ` kid ${String(c.publicKey.kid)}` : ""}`,
    ...(c.logoUri ? [`logo_uri:               ${c.logoUri}`] : []),
    ...(c.relyingPartyId ? [`relying_party_id:       ${c.relyingPartyId}`] : []),
    `created:                ${when(c.createTime)}`,
    `updated:                ${when(c.updateTime)}`,
  ];
}

const createHelp = `Usage: signet clients create --id <client_id> --name <name> --redirect-uri <uri> [--redirect-uri <uri>…]
                             (--jwk <file> | --jwks <file> [--kid <kid>] | --generate-key <file> [--key-alg ES256|PS256|RS256])
                             [options]

Registers a relying party or wallet (AdminService.CreateClient). Its public key verifies the
client assertions it signs at the token endpoint (private_key_jwt, RFC 7523).

Key (exactly one):
  --jwk <file>             a JWK; a private JWK is accepted and only its public half is sent
  --jwks <file>            a JWK Set; the signing key, or the one named by --kid
  --generate-key <file>    generate a key pair and write the private JWK to <file> (mode 0600,
                           never overwriting); the relying party signs its assertions with it
  --key-alg <alg>          algorithm of the generated key: ES256 (P-256, default), PS256 or RS256 (RSA 2048)

Options:
  --acr <list>             ACR values, comma-separated: otp, pin, bio or full mosip:idp:acr:… names (default otp)
  --claims <list>          claims the client may request, comma-separated (default name,email)
  --id-token-alg <alg>     ID token and userinfo signing algorithm: PS256, RS256 or ES256 (default: provider's, PS256)
  --name-lang <lang=name>  the name in a language (ISO 639-3, e.g. fra=Mon service), repeatable
  --logo-uri <url>         https URL of the logo shown on the login page
  --relying-party-id <id>  pairwise subject sector shared by several clients (default: the client id; immutable)
  --json                   print the stored client as JSON

${CONNECTION_HELP}`;

function keyOptionCount(values: Record<string, unknown>): number {
  return ["jwk", "jwks", "generate-key"].filter((k) => typeof values[k] === "string").length;
}

const create: Command = {
  summary: "register a client from a JWK or JWK Set file, or with a generated key pair",
  help: createHelp,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      ...OPTIONS,
      id: { type: "string" }, name: { type: "string" }, "redirect-uri": { type: "string", multiple: true },
      jwk: { type: "string" }, jwks: { type: "string" }, kid: { type: "string" }, "generate-key": { type: "string" },
      "key-alg": { type: "string" }, acr: { type: "string", multiple: true }, claims: { type: "string", multiple: true },
      "id-token-alg": { type: "string" }, "name-lang": { type: "string", multiple: true }, "logo-uri": { type: "string" },
      "relying-party-id": { type: "string" },
    });
    if (values.help) {
      io.out(createHelp);
      return EXIT.ok;
    }
    if (!values.id) throw new UsageError("--id is required (the client_id)");
    if (!values.name) throw new UsageError("--name is required (shown to residents on the login page)");
    if (!values["redirect-uri"]?.length) throw new UsageError("--redirect-uri is required (at least one)");
    if (keyOptionCount(values) !== 1) throw new UsageError("give exactly one of --jwk, --jwks or --generate-key");
    if (values.kid !== undefined && values.jwks === undefined) throw new UsageError("--kid goes with --jwks");
    const keyAlg = values["key-alg"] ?? "ES256";
    if (!(KEY_ALGS as readonly string[]).includes(keyAlg)) throw new UsageError(`--key-alg: must be one of ${KEY_ALGS.join(", ")}`);
    if (values["key-alg"] !== undefined && values["generate-key"] === undefined) throw new UsageError("--key-alg goes with --generate-key");
    const nameLangmap: Record<string, string> = {};
    for (const pair of values["name-lang"] ?? []) {
      const at = pair.indexOf("=");
      if (at < 1) throw new UsageError(`--name-lang: ${JSON.stringify(pair)} must be <lang>=<name>, e.g. fra=Mon service`);
      nameLangmap[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const acrValues = listOption(values.acr ?? ["otp"]).map((a) => ACR_ALIASES[a] ?? a);
    const allowedClaims = listOption(values.claims ?? ["name,email"]);
    return withAdmin(values, io, "CreateClient", async (conn) => {
      const admin = adminClient(conn);
      let generated: GeneratedKey | undefined;
      const publicKey = values.jwk
        ? jwkFromFile(values.jwk)
        : values.jwks
          ? jwkFromSet(values.jwks, values.kid)
          : (generated = await generateClientKey(values["generate-key"]!, keyAlg as KeyAlg)).publicJwk;
      const client: MessageInitShape<typeof ClientSchema> = {
        clientId: values.id,
        name: values.name,
        nameLangmap,
        redirectUris: values["redirect-uri"],
        publicKey: publicKey as never,
        acrValues,
        allowedClaims,
        ...(values["id-token-alg"] ? { idTokenSignedResponseAlg: values["id-token-alg"] } : {}),
        ...(values["logo-uri"] ? { logoUri: values["logo-uri"] } : {}),
        ...(values["relying-party-id"] ? { relyingPartyId: values["relying-party-id"] } : {}),
      };
      let stored: Client | undefined;
      try {
        stored = (await admin.createClient({ client })).client;
      } catch (err) {
        // The key was made for this registration only: leave no orphaned private key behind.
        generated?.discard();
        throw err;
      }
      if (!stored) throw new Error("CreateClient returned no client");
      if (values.json) {
        io.out(JSON.stringify({ client: clientJson(stored), ...(generated ? { privateKeyFile: generated.file } : {}) }, null, 2));
      } else {
        io.out(`Registered ${stored.clientId} (${enumName(ClientStatus, stored.status)})`);
        for (const line of describeClient(stored)) io.out(`  ${line}`);
        if (generated) io.out(`Private key (JWK, mode 0600): ${generated.file} — the relying party signs its client assertions with it; keep it secret`);
      }
      return EXIT.ok;
    });
  },
};

const listHelp = `Usage: signet clients list [--json]

Lists every registered client (AdminService.ListClients, all pages), ordered by client id.

${CONNECTION_HELP}`;

const list: Command = {
  summary: "list the registered clients",
  help: listHelp,
  async run(args, io) {
    const { values } = parseCommandArgs(args, OPTIONS);
    if (values.help) {
      io.out(listHelp);
      return EXIT.ok;
    }
    return withAdmin(values, io, "ListClients", async (conn) => {
      const admin = adminClient(conn);
      const clients: Client[] = [];
      let pageToken = "";
      do {
        const page = await admin.listClients({ pageSize: 1000, pageToken });
        clients.push(...page.clients);
        pageToken = page.nextPageToken;
      } while (pageToken);
      if (values.json) {
        io.out(JSON.stringify({ clients: clients.map(clientJson) }, null, 2));
        return EXIT.ok;
      }
      if (clients.length === 0) {
        io.out("No clients registered (signet clients create --help).");
        return EXIT.ok;
      }
      const rows = clients.map((c) => [c.clientId, enumName(ClientStatus, c.status), c.name, c.acrValues.map((a) => a.replace("mosip:idp:acr:", "")).join(","), c.redirectUris.join(" ")]);
      for (const line of table(["CLIENT ID", "STATUS", "NAME", "ACR", "REDIRECT URIS"], rows)) io.out(line);
      return EXIT.ok;
    });
  },
};

function oneClientCommand(opts: { verb: string; summary: string; rpc: string; action: (conn: CoreConnection, id: string) => Promise<Client | undefined>; done?: string }): Command {
  const help = `Usage: signet clients ${opts.verb} <client_id> [--json]

${opts.summary[0]!.toUpperCase()}${opts.summary.slice(1)} (AdminService.${opts.rpc}).

${CONNECTION_HELP}`;
  return {
    summary: opts.summary,
    help,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, OPTIONS, 1);
      if (values.help) {
        io.out(help);
        return EXIT.ok;
      }
      const id = positionals[0];
      if (!id) throw new UsageError("the client id is required");
      return withAdmin(values, io, opts.rpc, async (conn) => {
        const client = await opts.action(conn, id);
        if (!client) throw new Error(`${opts.rpc} returned no client`);
        if (values.json) io.out(JSON.stringify({ client: clientJson(client) }, null, 2));
        else {
          if (opts.done) io.out(`${opts.done} ${client.clientId}`);
          for (const line of describeClient(client)) io.out(opts.done ? `  ${line}` : line);
        }
        return EXIT.ok;
      });
    },
  };
}

/** `signet clients …`. */
export const clientCommands: Readonly<Record<string, Command>> = {
  create,
  list,
  get: oneClientCommand({ verb: "get", summary: "show one client", rpc: "GetClient", action: async (conn, clientId) => (await adminClient(conn).getClient({ clientId })).client }),
  disable: oneClientCommand({
    verb: "disable",
    summary: "deactivate a client: it can no longer start a login or redeem a code",
    rpc: "SetClientStatus",
    done: "Disabled",
    action: async (conn, clientId) => (await adminClient(conn).setClientStatus({ clientId, status: ClientStatus.INACTIVE })).client,
  }),
  enable: oneClientCommand({
    verb: "enable",
    summary: "reactivate a disabled client",
    rpc: "SetClientStatus",
    done: "Enabled",
    action: async (conn, clientId) => (await adminClient(conn).setClientStatus({ clientId, status: ClientStatus.ACTIVE })).client,
  }),
};
