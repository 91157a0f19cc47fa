import { performance } from "node:perf_hooks";
import { trace, type Span } from "@opentelemetry/api";
import type { IdentitySystem } from "../core/ports/identity.js";
import type { SignetMetrics } from "../observability/metrics.js";
import { inSpan, SpanKind, tracer, tracingEnabled } from "../observability/tracing.js";
import { observePgStatements, observeSqliteStatements, type Database } from "../storage/index.js";

/** Tracing is on and a request's span is active (the parent of a storage or identity span). */
const inRequestTrace = () => tracingEnabled() && trace.getActiveSpan() !== undefined;

const OPERATIONS = new Set(["select", "insert", "update", "delete"]);
const MAX_OPEN = 10_000;

/**
 * Times every database statement (metrics, and a client span under the RPC's span) from
 * knex's query events and, for the sqlite repositories that bypass knex, from their statement
 * observer, so no repository needs to know. Statements are labelled by verb only: never by
 * text, which could carry values. The span exists only while tracing is on, and only under a
 * request's span: background work (the purger, readiness probes) starts no trace.
 */
export function instrumentStorage(db: Database, metrics: SignetMetrics): void {
  const open = new Map<string, { started: number; span: Span | undefined; operation: string }>();
  const system = String((db.client as { config?: { client?: unknown } }).config?.client ?? "sql");
  db.on("query", (q: { __knexQueryUid?: string; sql?: string; method?: string }) => {
    if (!q.__knexQueryUid) return;
    const verb = (q.method ?? q.sql?.trimStart().split(/\s/, 1)[0] ?? "").toLowerCase();
    const operation = OPERATIONS.has(verb) ? verb : verb === "del" ? "delete" : verb === "first" || verb === "pluck" ? "select" : "other";
    if (open.size >= MAX_OPEN) open.clear(); // a statement whose end event never came must not grow this forever
    const span = inRequestTrace() ? tracer().startSpan(`db ${operation}`, { kind: SpanKind.CLIENT, attributes: { "db.system": system, "db.operation": operation } }) : undefined;
    open.set(q.__knexQueryUid, { started: performance.now(), span, operation });
  });
  const end = (q: { __knexQueryUid?: string } | undefined, outcome: "ok" | "error") => {
    const entry = q?.__knexQueryUid ? open.get(q.__knexQueryUid) : undefined;
    if (!entry) return;
    open.delete(q!.__knexQueryUid!);
    metrics.storageDuration.observe({ operation: entry.operation, outcome }, (performance.now() - entry.started) / 1000);
    if (outcome === "error") entry.span?.setStatus({ code: 2 });
    entry.span?.end();
  };
  db.on("query-response", (_res: unknown, q: { __knexQueryUid?: string }) => end(q, "ok"));
  db.on("query-error", (_err: unknown, q: { __knexQueryUid?: string }) => end(q, "error"));
  // The hot repositories bypass knex (src/storage/sqlite, src/storage/pg): they report each statement here.
  const observe = system === "pg" ? observePgStatements : observeSqliteStatements;
  observe(db, (operation) => {
    const started = performance.now();
    const span = inRequestTrace() ? tracer().startSpan(`db ${operation}`, { kind: SpanKind.CLIENT, attributes: { "db.system": system, "db.operation": operation } }) : undefined;
    return (outcome) => {
      metrics.storageDuration.observe({ operation, outcome }, (performance.now() - started) / 1000);
      if (outcome === "error") span?.setStatus({ code: 2 });
      span?.end();
    };
  });
}

/**
 * The identity system with every call timed (metrics) and, while tracing is on, traced (a
 * client span under the request's; a readiness probe starts no trace). Each method's wrapper
 * is made once, not on every property read.
 */
export function instrumentIdentitySystem(identity: IdentitySystem, metrics: SignetMetrics): IdentitySystem {
  const wrappers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const wrap = (key: string, fn: (...a: unknown[]) => unknown) => {
    const timed = async (args: unknown[]) => {
      const started = performance.now();
      let outcome = "error";
      try {
        const result = await fn.apply(identity, args);
        outcome = "ok";
        return result;
      } finally {
        metrics.identityDuration.observe({ operation: key, outcome }, (performance.now() - started) / 1000);
      }
    };
    return (...args: unknown[]) =>
      inRequestTrace() ? inSpan(`identity ${key}`, SpanKind.CLIENT, { "signet.identity.operation": key }, () => timed(args)) : timed(args);
  };
  return new Proxy(identity, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== "function" || typeof key !== "string") return value;
      let wrapper = wrappers.get(key);
      if (!wrapper) wrappers.set(key, (wrapper = wrap(key, value as (...a: unknown[]) => unknown)));
      return wrapper;
    },
  });
}
