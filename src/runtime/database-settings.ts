import type { SignetConfig } from "../config/config.js";
import type { Logger } from "../core/logger.js";
import type { DatabaseConfig } from "../storage/index.js";

/** The storage settings of `config` as openDatabase takes them (seconds become milliseconds). */
export function databaseSettings(config: SignetConfig, logger?: Logger): DatabaseConfig {
  const d = config.database;
  return {
    url: d.url,
    sqliteFile: d.sqliteFile,
    poolMax: d.poolMax,
    connectTimeoutMs: d.connectTimeoutSeconds * 1000,
    acquireTimeoutMs: d.acquireTimeoutSeconds * 1000,
    statementTimeoutMs: d.statementTimeoutSeconds * 1000,
    ...(logger ? { notices: (level, message) => logger[level]("knex: " + message) } : {}),
  };
}
