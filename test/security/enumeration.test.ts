/**
 * No resident enumeration, on sqlite and PostgreSQL, over gRPC and on the pages: a registered
 * id and an unknown one get the same answer, the same page, the same stored effects and the
 * same identity-system work; blank or malformed ids get a field error (gRPC) or the form back
 * with a message (pages) and cost nothing. Masked contacts appear only when configured.
 */
import test from "ava";
import { toJson } from "@bufbuild/protobuf";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { Browser, authorizeUrl, formFields, openLoginPage } from "../oidc/rp.js";
import { databaseTargets } from "../helpers/databases.js";
import { OTP, OTP_ACR, refusal, startHarness, turns, unknownId, wrongPin, type Harness, type Outcome } from "./harness.js";

/** An outcome with what legitimately differs between two calls removed, for deepEqual. */
function comparable(o: Outcome) {
  if (o.ok) {
    // Each call opened its own transaction: its id is the one value that differs.
    const value = o.value as { transaction?: { transactionId: string } };
    return { ok: true, value: value.transaction ? { ...value, transaction: { ...value.transaction, transactionId: "" } } : value };
  }
  return { code: o.code, message: o.message, detail: o.detail ? toJson(ErrorDetailSchema, o.detail) : undefined };
}

/**
 * A page with the per-request values (transaction id, CSRF token, CSP nonce, the typed id, and the
 * send time with the countdowns derived from it) blanked.
 */
function comparablePage(html: string, values: readonly string[]): string {
  let out = html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/'nonce-[^']*'/g, "'nonce-'")
    .replace(/(data-countdown-until|data-enable-at)="\d+"/g, '$1=""')
    .replace(/name="otp_sent_at" value="\d+"/g, 'name="otp_sent_at" value=""')
    .replace(/<span class="countdown" dir="ltr">[^<]*<\/span>/g, '<span class="countdown" dir="ltr"></span>');
  for (const v of values) out = out.split(v).join("«value»");
  return out;
}

const targets = await databaseTargets();
for (const target of targets) {
  const test = target.test; // PostgreSQL tests are visible skips when it is unavailable
  let h: Harness;
  test.before(async () => {
    h = await startHarness(target);
  });
  test.after.always(async () => {
    await h?.stop();
    await target.dispose();
  });
  const name = (s: string) => `${target.name}: ${s}`;
  const inTurn = turns();

  /** Sends an OTP on the pages for `individualId`: the status, the page and the values to blank. */
  async function pageSend(individualId: string) {
    const browser = new Browser();
    const page = await openLoginPage(browser, authorizeUrl(h.signet, h.rp).url);
    const fields = formFields(page, "/login/otp/send");
    const res = await browser.post(`${h.signet.issuer}/login/otp/send`, { ...fields, individual_id: individualId });
    return { browser, res, html: await res.text(), fields, blank: [fields.transaction_id!, fields.csrf_token!, individualId] };
  }

  test(name("SendOtp over gRPC: a registered and an unknown id get the same answer, the same stored effects and the same identity-system work"), inTurn(async (t) => {
    const p = h.person();
    const ghost = unknownId(100);
    const calls = h.identityCalls.sendOtp ?? 0;
    const known = await h.sendOtp(p.id);
    const unknown = await h.sendOtp(ghost);
    t.true(known.ok);
    t.deepEqual(comparable(unknown), comparable(known));
    t.like(known.ok && known.value, { $typeName: "signet.v1.SendOtpResponse", maskedEmail: "", maskedMobile: "" });
    t.truthy(known.ok && (known.value as { transaction?: { transactionId: string } }).transaction?.transactionId, "both answers carry their transaction");
    t.is(h.identityCalls.sendOtp, calls + 2, "the identity system is asked for both");
    const [a, b] = [await h.record(p.id), await h.record(ghost)];
    t.like(a, { failures: 0, otpSends: [h.now()] });
    t.like(b, { failures: 0, otpSends: [h.now()] });
  }));

  test(name("the Send OTP page is the same for a registered and an unknown id: \"If this ID is registered, a code was sent\""), inTurn(async (t) => {
    const [known, unknown] = [await pageSend(h.person().id), await pageSend(unknownId(101))];
    t.is(known.res.status, 200);
    t.is(unknown.res.status, known.res.status);
    t.regex(known.html, /If this ID is registered, a code was sent\./);
    t.notRegex(known.html, /XXX|@example\.org/, "no masked contact");
    t.is(comparablePage(unknown.html, unknown.blank), comparablePage(known.html, known.blank));
  }));

  test(name("Authenticate over gRPC: a wrong PIN for a registered id and any PIN for an unknown id answer identically"), inTurn(async (t) => {
    const p = h.person();
    const calls = h.identityCalls.kycAuth ?? 0;
    const known = await h.pinLogin(p.id, wrongPin(p));
    const unknown = await h.pinLogin(unknownId(102), p.pin);
    t.like(refusal(known), { code: "Unauthenticated", error: "auth_failed", attemptsRemaining: 2, description: "authentication failed: the individual id and the factors do not match" });
    t.deepEqual(comparable(unknown), comparable(known));
    t.is(h.identityCalls.kycAuth, calls + 2);
    t.like(await h.record(p.id), { failures: 1 });
    t.like(await h.record(unknownId(102)), { failures: 1 });
  }));

  test(name("Authenticate with an OTP: wrong code, no code sent, and an unknown id all answer identically"), inTurn(async (t) => {
    const [sent, unsent] = [h.person(), h.person()];
    const ghost = unknownId(103);
    const results: Outcome[] = [];
    for (const [id, send] of [[sent.id, true], [unsent.id, false], [ghost, true]] as const) {
      const tx = await h.openTx(OTP_ACR);
      if (send) t.true((await h.sendOtp(id, tx)).ok);
      const code = id === sent.id ? "000000" : OTP;
      results.push(await h.signet.identity.authenticate({ ...tx, individualId: id, challenges: [{ challenge: { case: "otp", value: code } }] }).then(
        (value) => ({ ok: true as const, value }),
        (err) => ({ ok: false as const, ...refusalOf(err) }),
      ));
    }
    t.like(refusal(results[0]!), { error: "auth_failed", attemptsRemaining: 2 });
    t.deepEqual(comparable(results[1]!), comparable(results[0]!));
    t.deepEqual(comparable(results[2]!), comparable(results[0]!));
  }));

  test(name("the PIN page is the same for a wrong PIN and an unknown id"), inTurn(async (t) => {
    const p = h.person();
    const tries = [];
    for (const [id, pin] of [[p.id, wrongPin(p)], [unknownId(104), p.pin]] as const) {
      const browser = new Browser();
      const fields = formFields(await openLoginPage(browser, authorizeUrl(h.signet, h.rp).url), "/login/pin");
      const res = await browser.post(`${h.signet.issuer}/login/pin`, { ...fields, individual_id: id, pin });
      tries.push({ status: res.status, html: comparablePage(await res.text(), [fields.transaction_id!, fields.csrf_token!, id]) });
    }
    t.is(tries[0]!.status, 400);
    t.regex(tries[0]!.html, /The details you entered do not match our records\. Check them and try again\. 2 attempts left\./);
    t.deepEqual(tries[1], tries[0]);
  }));

  test(name("blank and malformed ids are refused over gRPC as invalid_identifier naming the field, and cost nothing"), inTurn(async (t) => {
    const calls = { ...h.identityCalls };
    for (const id of ["", "   ", " - ", "12ab!", "٣٤٥٦٧٨", "1".repeat(65), "1".repeat(300)]) {
      const pinTx = await h.openTx();
      const otpTx = await h.openTx(OTP_ACR);
      for (const o of [await h.pinLogin(id, "123456", pinTx), await h.sendOtp(id, otpTx)]) {
        t.like(refusal(o), { code: "InvalidArgument", error: "invalid_identifier" }, JSON.stringify(id));
        t.is(!o.ok && o.detail?.field, "individual_id");
      }
      t.like(await h.signet.runtime.storage.transactions.get(pinTx.transactionId), { authenticateCount: 0 });
      t.like(await h.signet.runtime.storage.transactions.get(otpTx.transactionId), { sendOtpCount: 0 });
    }
    t.deepEqual(h.identityCalls, calls, "the identity system was never asked");
    t.like(refusal(await h.sendOtp("")), { description: "individual_id: is required" });
    t.like(refusal(await h.sendOtp("12ab!")), { description: "individual_id: must be 1-64 letters or digits (spaces and hyphens are ignored)" });
  }));

  test(name("spaces, hyphens and full-width digits are one id: the same person logs in and the same record counts"), inTurn(async (t) => {
    const p = h.person();
    const fullWidth = [...p.id].map((d) => String.fromCharCode(0xff10 + Number(d))).join("");
    t.like(refusal(await h.pinLogin(fullWidth, wrongPin(p))), { error: "auth_failed" });
    t.like(refusal(await h.pinLogin(`${p.id.slice(0, 3)} ${p.id.slice(3, 6)}-${p.id.slice(6)}`, wrongPin(p))), { error: "auth_failed" });
    t.like(await h.record(p.id), { failures: 2 });
    t.true((await h.pinLogin(` ${p.id.slice(0, 5)}-${p.id.slice(5)} `, p.pin)).ok);
    t.like(await h.record(p.id), { failures: 0 });
  }));

  test(name("blank and malformed ids on the pages get the form back with a message, never developer text"), inTurn(async (t) => {
    for (const id of ["", "12ab!"]) {
      const sent = await pageSend(id);
      t.is(sent.res.status, 400, JSON.stringify(id));
      t.regex(sent.html, /Enter a valid ID number: letters and digits \(spaces and hyphens are ignored\)\./);
      t.regex(sent.html, /<form method="post" action="\/login\/otp\/send">/);
      t.notRegex(sent.html, /individual_id:|invalid_identifier/);
      t.like(await h.signet.runtime.storage.transactions.get(sent.fields.transaction_id!), { sendOtpCount: 0 });
    }
  }));
}

/** The gRPC code, message and detail of a thrown call. */
function refusalOf(err: unknown) {
  const e = err as { code: number; rawMessage: string; findDetails: (s: typeof ErrorDetailSchema) => unknown[] };
  return { code: e.code, message: e.rawMessage, detail: e.findDetails(ErrorDetailSchema)[0] as never };
}

test("with SIGNET_SHOW_MASKED_CONTACT the code's destination is shown (eSignet); an unknown id is refused in resident words on the page", async (t) => {
  const [target] = await databaseTargets();
  const h = await startHarness(target!, { showMaskedContact: true });
  t.teardown(async () => {
    await h.stop();
    await target!.dispose();
  });
  const p = h.person();
  const known = await h.sendOtp(p.id);
  t.like(known.ok && known.value, { maskedEmail: "XXsXXeXX0@example.org", maskedMobile: "XXXXXXX00000" });
  t.like(refusal(await h.sendOtp(unknownId(1))), { code: "InvalidArgument", error: "invalid_identifier", description: "individual_id: not recognised" });

  const browser = new Browser();
  const fields = formFields(await openLoginPage(browser, authorizeUrl(h.signet, h.rp).url), "/login/otp/send");
  const res = await browser.post(`${h.signet.issuer}/login/otp/send`, { ...fields, individual_id: unknownId(2) });
  t.is(res.status, 400);
  const html = await res.text();
  t.regex(html, /Enter a valid ID number/);
  t.notRegex(html, /not recognised/);
  const b2 = new Browser();
  const f2 = formFields(await openLoginPage(b2, authorizeUrl(h.signet, h.rp).url), "/login/otp/send");
  const page = await (await b2.post(`${h.signet.issuer}/login/otp/send`, { ...f2, individual_id: p.id })).text();
  t.regex(page, /A one-time code is on its way to XXXXXXX00000 and XXsXXeXX0@example\.org\./);
});
