import { HealthCheckResponse_ServingStatus as ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { loadConfig } from "../../config/config.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, coreConnection, healthClient } from "../connection.js";
import { EXIT, OUTPUT_OPTIONS, parseCommandArgs, table, type Command } from "../io.js";
import { describeRpcError } from "../rpc-errors.js";

/** What `signet health` asks about: the server as a whole and each Signet service. */
const SERVICES = ["", "signet.v1.IdentityService", "signet.v1.AdminService"] as const;

const help = `Usage: signet health [--json]

Asks the core's standard gRPC health service (grpc.health.v1.Health/Check) about the server and
each Signet service. Exits 0 when all are SERVING, 1 otherwise (also when the core cannot be
reached), so it suits container health checks.

${CONNECTION_HELP}`;

/** `signet health`. */
export const healthCommand: Command = {
  summary: "check the core's gRPC health (exit 0 when serving)",
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...CONNECTION_OPTIONS, ...OUTPUT_OPTIONS });
    if (values.help) {
      io.out(help);
      return EXIT.ok;
    }
    const conn = coreConnection(values, loadConfig({ env: io.env, file: values.config }));
    const health = healthClient(conn);
    const results: { service: string; status: string }[] = [];
    for (const service of SERVICES) {
      try {
        const { status } = await health.check({ service });
        results.push({ service, status: ServingStatus[status] ?? String(status) });
      } catch (err) {
        io.err(`signet: ${describeRpcError(err, "Health/Check", conn)}`);
        results.push({ service, status: "UNREACHABLE" });
        if (service === "") break;
      }
    }
    if (values.json) io.out(JSON.stringify({ core: conn.baseUrl, services: results }, null, 2));
    else for (const line of table(["SERVICE", "STATUS"], results.map((r) => [r.service || "(server)", r.status]))) io.out(line);
    return results.length === SERVICES.length && results.every((r) => r.status === "SERVING") ? EXIT.ok : EXIT.failed;
  },
};
