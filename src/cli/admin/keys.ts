import { toJson } from "@bufbuild/protobuf";
import { KeyPurpose, SigningKeySchema, SigningKeyState, type SigningKey } from "../../gen/signet/v1/admin_pb.js";
import { loadConfig } from "../../config/config.js";
import { adminClient, CONNECTION_HELP, CONNECTION_OPTIONS, coreConnection } from "../connection.js";
import { EXIT, OUTPUT_OPTIONS, parseCommandArgs, table, UsageError, type CliIo, type Command } from "../io.js";
import { describeRpcError } from "../rpc-errors.js";
import { enumName, when } from "./format.js";

const PURPOSES: Readonly<Record<string, KeyPurpose>> = { token: KeyPurpose.TOKEN, credential: KeyPurpose.CREDENTIAL };

function purposeOf(value: string | undefined): KeyPurpose {
  const purpose = PURPOSES[value ?? "token"];
  if (purpose === undefined) throw new UsageError(`--purpose: must be token or credential`);
  return purpose;
}

function printKeys(io: CliIo, keys: readonly SigningKey[], json: boolean | undefined): void {
  if (json) {
    io.out(JSON.stringify({ keys: keys.map((k) => toJson(SigningKeySchema, k)) }, null, 2));
    return;
  }
  const rows = keys.map((k) => [k.kid, k.alg, enumName(SigningKeyState, k.state), when(k.activateTime), when(k.retireTime)]);
  for (const line of table(["KID", "ALG", "STATE", "SIGNS FROM", "UNPUBLISHED AT"], rows)) io.out(line);
}

async function call(values: Record<string, unknown>, io: CliIo, rpc: string, fn: (admin: ReturnType<typeof adminClient>) => Promise<number>): Promise<number> {
  const conn = coreConnection(values, loadConfig({ env: io.env, file: typeof values.config === "string" ? values.config : undefined }));
  try {
    return await fn(adminClient(conn));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    io.err(`signet: ${describeRpcError(err, rpc, conn)}`);
    return EXIT.failed;
  }
}

const listHelp = `Usage: signet keys list [--purpose token|credential] [--all] [--json]

Lists the signing keys of one purpose, newest first, with their rotation state
(AdminService.ListSigningKeys): token keys sign ID tokens, access tokens and userinfo;
credential keys sign verifiable credentials.

  --purpose <p>   token (default) or credential
  --all           include retired keys

${CONNECTION_HELP}`;

const rotateHelp = `Usage: signet keys rotate [--purpose token|credential] [--publish-delay <seconds>] [--json]

Creates a new key for every algorithm of the purpose (AdminService.RotateSigningKey). The new keys
are published at once and sign only after the delay, so relying parties that cache the JWKS see
them first; the keys they replace stay published until what they signed has expired.

  --purpose <p>            token (default) or credential
  --publish-delay <s>      seconds before the new keys sign (default: the core's configured delay,
                           SIGNET_KEYS_PUBLISH_DELAY_SECONDS). The core refuses less than
                           keys.refreshSeconds + keys.jwksMaxAgeSeconds + tokens.clockSkewSeconds
                           (125 s by default): every instance and JWKS cache must see the keys first

${CONNECTION_HELP}`;

/** `signet keys …`. */
export const keyCommands: Readonly<Record<string, Command>> = {
  list: {
    summary: "list the signing keys and their rotation state",
    help: listHelp,
    async run(args, io) {
      const { values } = parseCommandArgs(args, { ...CONNECTION_OPTIONS, ...OUTPUT_OPTIONS, purpose: { type: "string" }, all: { type: "boolean" } });
      if (values.help) {
        io.out(listHelp);
        return EXIT.ok;
      }
      const purpose = purposeOf(values.purpose);
      return call(values, io, "ListSigningKeys", async (admin) => {
        const { keys } = await admin.listSigningKeys({ purpose, includeRetired: values.all ?? false });
        printKeys(io, keys, values.json);
        return EXIT.ok;
      });
    },
  },
  rotate: {
    summary: "rotate the signing keys of one purpose",
    help: rotateHelp,
    async run(args, io) {
      const { values } = parseCommandArgs(args, { ...CONNECTION_OPTIONS, ...OUTPUT_OPTIONS, purpose: { type: "string" }, "publish-delay": { type: "string" } });
      if (values.help) {
        io.out(rotateHelp);
        return EXIT.ok;
      }
      const purpose = purposeOf(values.purpose);
      const delay = values["publish-delay"] ?? "0"; // 0: the core's configured default
      if (!/^\d{1,7}$/.test(delay)) throw new UsageError("--publish-delay: must be a whole number of seconds (0 to 2592000)");
      return call(values, io, "RotateSigningKey", async (admin) => {
        const { keys } = await admin.rotateSigningKey({ purpose, publishDelaySeconds: BigInt(delay) });
        if (!values.json) io.out(`Rotated the ${values.purpose ?? "token"} keys; the new ones sign from ${when(keys[0]?.activateTime)}:`);
        printKeys(io, keys, values.json);
        return EXIT.ok;
      });
    },
  },
};
