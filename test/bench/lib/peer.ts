/**
 * The bench's peer: node-oidc-provider 9 configured as close to Signet as it allows, with its default
 * in-memory adapter (nothing it stores survives the process — the difference the bench table
 * states). Equivalent settings: PKCE required (its only method is S256), client authentication
 * `private_key_jwt` only with ES256, ID token and userinfo signed with ES256 (`jwtUserinfo`),
 * pairwise subjects, the same residents and OTP rule (111111 after a send), `prompt=consent` honoured.
 *
 * devInteractions is off; its place is taken by the smallest interaction app a deployment would
 * write, served from the same process: GET /interaction/:uid renders the login or consent page,
 * POST …/send-otp records the send (an in-memory map, like Signet's mock identity system),
 * POST …/login checks the OTP and finishes the login prompt, POST …/confirm saves a Grant with
 * the requested scopes and claims and finishes the consent prompt. A login therefore takes more
 * HTTP round trips here (10) than on Signet's pages (6): oidc-provider resumes through /auth/:uid
 * after each prompt; every one of them is counted in its flow.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";
import type { Fixture } from "./fixture.js";

/** A started peer: its issuer (http://127.0.0.1:<port>) and how to stop it. */
export interface Peer {
  readonly issuer: string;
  close(): Promise<void>;
}

/** Starts the peer for `fixture` on `port` of the loopback interface. */
export async function startPeer(fixture: Fixture, port: number): Promise<Peer> {
  const issuer = `http://127.0.0.1:${port}`;

  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid: "peer-es256", alg: "ES256", use: "sig" };
  const bySubject = new Map(Object.values(fixture.people).map((p) => [p.subjectId, p]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: fixture.rp.clientId,
        redirect_uris: [fixture.rp.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "private_key_jwt",
        token_endpoint_auth_signing_alg: "ES256",
        jwks: { keys: [fixture.rp.publicJwk as never] },
        id_token_signed_response_alg: "ES256",
        userinfo_signed_response_alg: "ES256",
        subject_type: "pairwise",
      },
    ],
    jwks: { keys: [signing as never] },
    clientAuthMethods: ["private_key_jwt"],
    enabledJWA: { clientAuthSigningAlgValues: ["ES256"] },
    pkce: { required: () => true },
    subjectTypes: ["public", "pairwise"],
    pairwiseIdentifier: (_ctx, accountId, client) =>
      createHmac("sha256", fixture.pairwiseSalt).update(`${client.sectorIdentifier}|${accountId}`).digest("base64url"),
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      userinfo: { enabled: true },
    },
    claims: { openid: ["sub"], profile: ["name", "birthdate"], email: ["email"] },
    findAccount: (_ctx, sub) => {
      const person = bySubject.get(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: () => ({ sub, name: person.name, email: person.email, birthdate: person.birthdate }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [fixture.cookieSecret] },
    ttl: { AuthorizationCode: 600, AccessToken: 3600, IdToken: 3600, Interaction: 600, Session: 600, Grant: 600 },
  });

  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main>${body}</main></body></html>`;
  const loginPage = (uid: string, individualId?: string) =>
    page(
      "Sign in",
      individualId === undefined
        ? `<form method="post" action="/interaction/${uid}/send-otp"><input type="hidden" name="uid" value="${uid}"><label>ID <input name="individual_id"></label><button>Send OTP</button></form>`
        : `<p>A one-time code is on its way.</p><form method="post" action="/interaction/${uid}/login"><input type="hidden" name="uid" value="${uid}"><input type="hidden" name="individual_id" value="${escape(individualId)}"><label>OTP <input name="otp"></label><button>Log in</button></form>`,
    );
  const consentPage = (uid: string, clientId: string, claims: readonly string[]) =>
    page(
      "Consent",
      `<p>${escape(clientId)} asks for:</p><form method="post" action="/interaction/${uid}/confirm"><input type="hidden" name="uid" value="${uid}">` +
        claims.map((c) => `<label><input type="checkbox" name="claim" value="${escape(c)}" checked> ${escape(c)}</label>`).join("") +
        `<button name="action" value="allow">Allow</button></form>`,
    );

  async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  }

  function send(res: http.ServerResponse, status: number, html: string): void {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html);
  }

  const otpSent = new Map<string, string>();
  const OTP = Buffer.from("111111");

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const [, , uid, action] = (req.url ?? "").split("?")[0]!.split("/");
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return send(res, 400, page("Error", "interaction mismatch"));
    const prompt = details.prompt;
    if (req.method === "GET") {
      if (prompt.name === "login") return send(res, 200, loginPage(uid));
      const claims = [...new Set([...(prompt.details.missingOIDCClaims as string[] | undefined ?? []), ...(prompt.details.missingOIDCScope as string[] | undefined ?? [])])];
      return send(res, 200, consentPage(uid, String(details.params.client_id), claims));
    }
    const form = await readForm(req);
    if (action === "send-otp" && prompt.name === "login") {
      const individualId = form.get("individual_id") ?? "";
      if (!fixture.people[individualId]) return send(res, 200, page("Sign in", "unknown individual"));
      otpSent.set(uid, individualId);
      return send(res, 200, loginPage(uid, individualId));
    }
    if (action === "login" && prompt.name === "login") {
      const individualId = form.get("individual_id") ?? "";
      const otp = Buffer.from(form.get("otp") ?? "");
      const person = fixture.people[individualId];
      if (!person || otpSent.get(uid) !== individualId || otp.length !== OTP.length || !timingSafeEqual(otp, OTP)) {
        return send(res, 200, page("Sign in", "wrong code"));
      }
      otpSent.delete(uid);
      await provider.interactionFinished(req, res, { login: { accountId: person.subjectId } }, { mergeWithLastSubmission: false });
      return;
    }
    if (action === "confirm" && prompt.name === "consent") {
      const accountId = details.session!.accountId;
      const grant = details.grantId
        ? (await provider.Grant.find(details.grantId))!
        : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      const missingScope = prompt.details.missingOIDCScope as string[] | undefined;
      const missingClaims = prompt.details.missingOIDCClaims as string[] | undefined;
      if (missingScope) grant.addOIDCScope(missingScope.join(" "));
      if (missingClaims) grant.addOIDCClaims(missingClaims);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    send(res, 400, page("Error", "unexpected form"));
  }

  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      interaction(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 400, page("Error", escape(String(err))));
        else res.end();
      });
      return;
    }
    callback(req, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
