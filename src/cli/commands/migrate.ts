import { loadConfig } from "../../config/config.js";
import { createLogger, type LogLevel } from "../../core/logger.js";
import type { MigrateCommand } from "../../storage/index.js";
import { EXIT, OUTPUT_OPTIONS, parseCommandArgs, UsageError, type Command } from "../io.js";

const SUBCOMMANDS: readonly MigrateCommand[] = ["latest", "rollback", "status"];

const help = `Usage: signet migrate [latest|rollback|status] [--config file.json] [--json]

Database migrations on DATABASE_URL (PostgreSQL) or the sqlite file:
  latest     apply every pending migration (default; \`signet start\` and \`signet core\` do it too)
  rollback   revert the last batch
  status     list applied and pending migrations`;

/** `signet migrate`. */
export const migrateCommand: Command = {
  summary: "database migrations: latest (default), rollback, status",
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OUTPUT_OPTIONS, 1);
    if (values.help) {
      io.out(help);
      return EXIT.ok;
    }
    const sub = (positionals[0] ?? "latest") as MigrateCommand;
    if (!SUBCOMMANDS.includes(sub)) throw new UsageError(`unknown migrate command ${JSON.stringify(sub)}: use latest, rollback or status`);
    const config = loadConfig({ env: io.env, file: values.config });
    const { closeDatabase, openDatabase, runMigrateCommand } = await import("../../storage/index.js");
    const { databaseSettings } = await import("../../runtime/database-settings.js");
    // Migrations may rewrite large tables: no statement timeout here (0 disables it on PostgreSQL).
    const db = openDatabase({ ...databaseSettings(config, createLogger(config.logLevel as LogLevel)), statementTimeoutMs: 0 });
    try {
      const report = await runMigrateCommand(db, sub);
      if (values.json) {
        io.out(JSON.stringify(report, null, 2));
      } else {
        const verb = sub === "rollback" ? "Reverted" : "Applied";
        if (sub !== "status") io.out(report.changed.length ? `${verb}: ${report.changed.join(", ")}` : `Nothing to ${sub === "rollback" ? "revert" : "apply"}.`);
        io.out(`Applied migrations (${report.applied.length}): ${report.applied.join(", ") || "none"}`);
        io.out(`Pending migrations (${report.pending.length}): ${report.pending.join(", ") || "none"}`);
      }
    } finally {
      await closeDatabase(db);
    }
    return EXIT.ok;
  },
};
