import { performance } from "node:perf_hooks";
import type { Span } from "@opentelemetry/api";
import type { IdentitySystem } from "../identity/port.js";
import type { SignetMetrics } from "../observability/metrics.js";
import { inSpan, SpanKind, tracer } from "../observability/tracing.js";
import { observeSqliteStatements, type Database } from "../storage/index.js";

const OPERATIONS = new Set(["select", "insert", "update", "delete"]);
const MAX_OPEN = 10_000;

/**
 * Times every database statement (metrics, and a client span under the RPC's span) from
 * knex's query events and, for the sqlite repositories that bypass knex, from their statement
 * observer, so no repository needs to know. Statements are labelled by verb only:
 * never by text, which could carry values.
 */
export function instrumentStorage(db: Database, metrics: SignetMetrics): void {
  const open = new Map<string, { started: number; span: Span; operation: string }>();
  const system = String((db.client as { config?: { client?: unknown } }).config?.client ?? "sql");
  db.on("query", (q: { __knexQueryUid?: string; sql?: string; method?: string }) => {
    if (!q.__knexQueryUid) return;
    const verb = (q.method ?? q.sql?.trimStart().split(/\s/, 1)[0] ?? "").toLowerCase();
    const operation = OPERATIONS.has(verb) ? verb : verb === "del" ? "delete" : verb === "first" || verb === "pluck" ? "select" : "other";
    if (open.size >= MAX_OPEN) open.clear(); // a statement whose end event never came must not grow this forever
    const span = tracer().startSpan(`db ${operation}`, { kind: SpanKind.CLIENT, attributes: { "db.system": system, "db.operation": operation } });
    open.set(q.__knexQueryUid, { started: performance.now(), span, operation });
  });
  const end = (q: { __knexQueryUid?: string } | undefined, outcome: "ok" | "error") => {
    const entry = q?.__knexQueryUid ? open.get(q.__knexQueryUid) : undefined;
    if (!entry) return;
    open.delete(q!.__knexQueryUid!);
    metrics.storageDuration.observe({ operation: entry.operation, outcome }, (performance.now() - entry.started) / 1000);
    if (outcome === "error") entry.span.setStatus({ code: 2 });
    entry.span.end();
  };
  db.on("query-response", (_res: unknown, q: { __knexQueryUid?: string }) => end(q, "ok"));
  db.on("query-error", (_err: unknown, q: { __knexQueryUid?: string }) => end(q, "error"));
  // On sqlite the hot repositories bypass knex (src/storage/sqlite): they report each statement here.
  if (system !== "pg") {
    observeSqliteStatements(db, (operation) => {
      const started = performance.now();
      const span = tracer().startSpan(`db ${operation}`, { kind: SpanKind.CLIENT, attributes: { "db.system": system, "db.operation": operation } });
      return (outcome) => {
        metrics.storageDuration.observe({ operation, outcome }, (performance.now() - started) / 1000);
        if (outcome === "error") span.setStatus({ code: 2 });
        span.end();
      };
    });
  }
}

/** The identity system with every call timed (metrics) and traced (a client span). */
export function instrumentIdentitySystem(identity: IdentitySystem, metrics: SignetMetrics): IdentitySystem {
  return new Proxy(identity, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== "function" || typeof key !== "string") return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        return inSpan(`identity ${key}`, SpanKind.CLIENT, { "signet.identity.operation": key }, async () => {
          let outcome = "error";
          try {
            const result = await (value as (...a: unknown[]) => unknown).apply(target, args);
            outcome = "ok";
            return result;
          } finally {
            metrics.identityDuration.observe({ operation: key, outcome }, (performance.now() - started) / 1000);
          }
        });
      };
    },
  });
}
