/**
 * CPU time of a process, read from /proc/<pid>/stat (utime + stime, in clock ticks), and the
 * per-request cost of a batch of sequential calls measured with it.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** CPU milliseconds `pid` has used so far. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

/** Resident set size of `pid` in MiB. */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Runs `call` sequentially until the process has spent `budgetMs` of CPU (so the tick resolution is
 * small against it) or `maxCalls` calls, after `warmup` unmeasured calls; returns CPU ms per call.
 * `prepare` makes what each call needs (a fresh transaction) outside the measured window.
 */
export async function costPerCall<T>(
  pid: number, call: (input: T) => Promise<unknown>, prepare: () => Promise<T>,
  opts: { budgetMs?: number; maxCalls?: number; warmup?: number } = {},
): Promise<{ msPerCall: number; calls: number }> {
  const { budgetMs = 400, maxCalls = 400, warmup = 3 } = opts;
  for (let i = 0; i < warmup; i++) await call(await prepare());
  let spent = 0;
  let calls = 0;
  while (spent < budgetMs && calls < maxCalls) {
    const batch: T[] = [];
    for (let i = 0; i < 10; i++) batch.push(await prepare());
    const before = cpuMs(pid);
    for (const input of batch) await call(input);
    spent += cpuMs(pid) - before;
    calls += batch.length;
  }
  return { msPerCall: spent / calls, calls };
}

/** The same measurement in this process (an in-process harness), with process.cpuUsage. */
export async function costInProcess(call: () => Promise<unknown>, opts: { budgetMs?: number; maxCalls?: number } = {}): Promise<number> {
  const { budgetMs = 400, maxCalls = 200 } = opts;
  await call();
  const start = process.cpuUsage();
  let calls = 0;
  let spentMs = 0;
  while (spentMs < budgetMs && calls < maxCalls) {
    await call();
    calls++;
    const used = process.cpuUsage(start);
    spentMs = (used.user + used.system) / 1000;
  }
  return spentMs / calls;
}
