/**
 * The load generator's HTTP client: node:http on keep-alive agents (cheaper per request than
 * fetch, so one core of load can drive one core of server), a per-flow cookie jar, and no
 * redirect following — every step of a flow is one explicit request.
 */
import http from "node:http";

/** One answer: status, the headers a flow reads, and the body as text. */
export interface Reply {
  readonly status: number;
  readonly location: string | undefined;
  readonly contentType: string;
  readonly body: string;
}

/** Cookies of one simulated browser (name → value; path and domain are ignored: one origin per flow). */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined;
    let out = "";
    for (const [k, v] of this.#cookies) out += (out ? "; " : "") + k + "=" + v;
    return out;
  }

  take(setCookie: readonly string[] | undefined): void {
    if (!setCookie) return;
    for (const line of setCookie) {
      const semi = line.indexOf(";");
      const pair = semi === -1 ? line : line.slice(0, semi);
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}

/** A keep-alive client for one base URL. */
export class HttpClient {
  readonly #agent: http.Agent;
  readonly #host: string;
  readonly #port: number;

  constructor(readonly base: string, sockets: number) {
    const u = new URL(base);
    this.#host = u.hostname;
    this.#port = Number(u.port);
    // An idle socket must be dropped before the server closes it (Node's keepAliveTimeout, 5 s),
    // or a request sent on it as the server closes it meets ECONNRESET. Node's agent shortens an
    // idle socket's timeout to the server's `Keep-Alive: timeout=5` hint less a second, but only
    // when it has a timeout of its own to shorten.
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, timeout: 60_000 });
  }

  /** GET `path` (a path and query, or an absolute URL on this origin). */
  get(path: string, jar?: CookieJar, headers: Record<string, string> = {}): Promise<Reply> {
    return this.#send("GET", path, undefined, jar, headers);
  }

  /** POST a form; repeated fields are given as arrays. */
  postForm(path: string, form: Record<string, string | readonly string[]>, jar?: CookieJar, headers: Record<string, string> = {}): Promise<Reply> {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) {
      if (typeof v === "string") p.append(k, v);
      else for (const one of v) p.append(k, one);
    }
    return this.#send("POST", path, p.toString(), jar, { "content-type": "application/x-www-form-urlencoded", ...headers });
  }

  /** POST a JSON body. */
  postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return this.#send("POST", path, JSON.stringify(body), undefined, { "content-type": "application/json", ...headers });
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(method: string, path: string, body: string | undefined, jar: CookieJar | undefined, headers: Record<string, string>): Promise<Reply> {
    if (path.startsWith("http")) {
      const u = new URL(path);
      path = u.pathname + u.search;
    }
    const cookie = jar?.header();
    const all: Record<string, string | number> = { ...headers };
    if (cookie) all["cookie"] = cookie;
    if (body !== undefined) all["content-length"] = Buffer.byteLength(body);
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.#host, port: this.#port, method, path, agent: this.#agent, headers: all }, (res) => {
        jar?.take(res.headers["set-cookie"]);
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            contentType: res.headers["content-type"] ?? "",
            body: chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      if (body !== undefined) req.end(body);
      else req.end();
    });
  }
}

const ENTITIES: Record<string, string> = { "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };
const unescapeHtml = (s: string) => s.replace(/&(quot|#39|#x27|lt|gt|amp);/g, (m) => ENTITIES[m]!);

/** The hidden inputs of the page's form whose action ends with `action`; throws when there is none. */
export function hiddenFields(html: string, action: string): Record<string, string> {
  for (const m of html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    if (!unescapeHtml(m[1]!).endsWith(action)) continue;
    const fields: Record<string, string> = {};
    for (const input of m[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
      if (name && !(name in fields)) fields[name] = unescapeHtml(value);
    }
    return fields;
  }
  throw new Error(`no form posting to ${action}: ${html.slice(0, 600)}`);
}

/** The values of every `<input name="claim" value="…">` on a consent page. */
export function claimInputs(html: string): string[] {
  return [...html.matchAll(/<input\b[^>]*name="claim"[^>]*value="([^"]*)"/g)].map((m) => unescapeHtml(m[1]!));
}

/** Throws unless the reply has the expected status (with the start of the body, to see why). */
export function expect(reply: Reply, status: number, step: string): Reply {
  if (reply.status !== status) {
    const text = reply.body.replace(/<(style|script)\b[\s\S]*?<\/\1>/g, "").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    throw new Error(`${step}: expected ${status}, got ${reply.status}: ${text.slice(0, 300)}`);
  }
  return reply;
}
