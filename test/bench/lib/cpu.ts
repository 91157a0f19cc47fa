/**
 * Server CPU time from the kernel's own accounting (/proc/<pid>/stat): user + system time of the
 * given processes and of all their descendants, plus what their reaped children used (so a
 * PostgreSQL backend that exited during the window still counts through its postmaster).
 */
import { readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

let ticksPerSecond: number | undefined;

function hz(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface Stat {
  readonly ppid: number;
  readonly own: number;
  readonly children: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which may itself hold spaces and parentheses.
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

/** Whether /proc accounting is available here (Linux). */
export function cpuAccounting(): boolean {
  return stat(process.pid) !== undefined;
}

/** Milliseconds of CPU used so far by `roots` and every process below them. */
export function cpuMs(roots: readonly number[]): number {
  const all = new Map<number, Stat>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s) all.set(Number(name), s);
  }
  const counted = new Set<number>();
  let ticks = 0;
  const visit = (pid: number, root: boolean) => {
    if (counted.has(pid)) return;
    const s = all.get(pid);
    if (!s) return;
    counted.add(pid);
    ticks += s.own + (root ? s.children : 0);
    for (const [child, cs] of all) if (cs.ppid === pid) visit(child, false);
  };
  for (const pid of roots) visit(pid, true);
  return (ticks * 1000) / hz();
}
