/**
 * Free loopback ports for servers whose address must be known before they listen (the issuer
 * URL names the gateway's port; a spawned `signet start` is told its ports).
 *
 * A port is chosen outside the kernel's ephemeral range. Asking the kernel for port 0 and
 * closing it hands out a port from that range, and while the caller gets round to listening,
 * any outgoing connection from any test worker (the suite opens thousands) may take it as its
 * local port: CI once failed a whole file on EADDRINUSE that way. Outside the range only
 * another explicit listener can collide: the port is probed before it is returned, each
 * process remembers what it handed out, and the choice is random across processes.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** The kernel's range for automatically chosen local ports (Linux default 32768–60999). */
function ephemeralRange(): readonly [number, number] {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return [low, high];
  } catch {
    // not Linux: assume the IANA dynamic range
  }
  return [49152, 65535];
}

/** Candidate ports: the larger stretch outside the ephemeral range, above the well-known ports. */
function candidates(): readonly [number, number] {
  const [low, high] = ephemeralRange();
  const below: [number, number] = [10000, low - 1];
  const above: [number, number] = [high + 1, 65535];
  return below[1] - below[0] >= above[1] - above[0] ? below : above;
}

const handedOut = new Set<number>();

function probe(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host: "127.0.0.1", exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on, outside the ephemeral range. */
export async function freePort(): Promise<number> {
  const [from, to] = candidates();
  if (to - from < 100) throw new Error(`no room outside the ephemeral port range for test servers (${from}–${to})`);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (handedOut.has(port)) continue;
    if (await probe(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${from} and ${to} after 200 tries`);
}
