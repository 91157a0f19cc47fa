import test from "ava";
import { ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "../../src/gen/signet/v1/error_pb.js";
import { SBI_FAULTS, type SbiFault, type SbiSimulatorHandle } from "../../src/sbi/index.js";
import { startSignet, type RegisteredClient, type SignetUnderTest } from "../helpers/signet.js";
import { pkcePair } from "../helpers/pkce.js";
import { biometric, kioskCapture, pairedSimulator } from "./helpers.js";

/**
 * Every SBI verifier check, driven end to end: the simulator breaks exactly one property,
 * the kiosk captures, Authenticate refuses with that check's code, and the transaction is
 * not authenticated. Two Signets: the default one (one finger, any subtype) and one that
 * asks for two named fingers, which the ordering, duplicate and subtype faults need.
 */
const expected: Record<SbiFault, string> = {
  deviceErrorElement: "sbi_error_101",
  expiredDeviceCertificate: "data_certificate_expired",
  tamperedData: "data_signature_invalid",
  untrustedDeviceCertificate: "data_certificate_untrusted",
  missingBioValue: "data_payload_invalid",
  expiredFtmCertificate: "digital_id_certificate_expired",
  tamperedDigitalId: "digital_id_signature_invalid",
  untrustedFtmCertificate: "digital_id_certificate_untrusted",
  wrongThumbprint: "unknown_thumbprint",
  wrongSessionKey: "session_key_invalid",
  corruptedBioValue: "bio_value_decrypt_failed",
  wrongHash: "hash_mismatch",
  bioTypeMismatch: "bio_type_mismatch",
  wrongDomainUri: "domain_uri_mismatch",
  wrongEnv: "env_mismatch",
  foreignTransactionId: "transaction_id_mismatch",
  staleTimestamp: "timestamp_out_of_window",
  staleDigitalIdDateTime: "digital_id_datetime_out_of_window",
  outOfOrderTimestamps: "timestamp_order",
  outOfOrderDigitalIdDateTime: "digital_id_datetime_order",
  invalidSubtype: "bio_subtype_invalid",
  wrongSubtype: "bio_subtype_not_requested",
  duplicateSubtype: "duplicate_subtype",
  wrongCount: "count_mismatch",
  missingDeviceDetails: "device_details_missing",
  badIsoHeader: "invalid_biometric",
  wrongPurpose: "purpose_invalid",
};
const needsTwoNamedFingers = new Set<SbiFault>(["outOfOrderTimestamps", "outOfOrderDigitalIdDateTime", "duplicateSubtype", "wrongSubtype"]);

interface Setup { signet: SignetUnderTest; sim: SbiSimulatorHandle; rp: RegisteredClient }
const setups: Partial<Record<"one" | "two", Setup>> = {};

async function setup(kind: "one" | "two", ports: { from: number; to: number }): Promise<Setup> {
  const signet = await startSignet(kind === "two" ? { overrides: { sbi: { fingerCount: 2, fingerSubtypes: ["Left IndexFinger", "Right IndexFinger"] } } } : {});
  const sim = await pairedSimulator(signet, "signet-mock-8267411571", ports);
  const rp = await signet.registerClient({ acrValues: ["mosip:idp:acr:biometrics"] });
  return { signet, sim, rp };
}

test.before(async () => {
  setups.one = await setup("one", { from: 4531, to: 4560 });
  setups.two = await setup("two", { from: 4561, to: 4590 });
});
test.after.always(async () => {
  for (const s of Object.values(setups)) {
    await s?.sim.close();
    await s?.signet.stop();
  }
});

test.serial("the table names a code for every fault the simulator can inject", (t) => {
  t.deepEqual(Object.keys(expected).sort(), [...SBI_FAULTS].sort());
});

test.serial("without a fault the same capture path authenticates (the faults below are the only difference)", async (t) => {
  for (const kind of ["one", "two"] as const) {
    const { signet, sim, rp } = setups[kind]!;
    sim.setFault(undefined);
    const { transaction: tx } = await signet.identity.authorize({
      clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid",
      codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256",
    });
    const capture = await kioskCapture(sim.port, tx!.biometric!);
    await signet.identity.authenticate({ transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, individualId: "8267411571", challenges: [biometric(capture)] });
    t.is((await signet.runtime.storage.transactions.get(tx!.transactionId))?.state, "authenticated", kind);
  }
});

for (const fault of SBI_FAULTS) {
  test.serial(`fault ${fault}: Authenticate refuses with ${expected[fault]} and the transaction is not authenticated`, async (t) => {
    const { signet, sim, rp } = setups[needsTwoNamedFingers.has(fault) ? "two" : "one"]!;
    sim.setFault(fault);
    t.teardown(() => sim.setFault(undefined));
    const { transaction: tx } = await signet.identity.authorize({
      clientId: rp.clientId, redirectUri: rp.redirectUri, responseType: "code", scope: "openid",
      codeChallenge: pkcePair().challenge, codeChallengeMethod: "S256",
    });
    const capture = await kioskCapture(sim.port, tx!.biometric!).catch(() => undefined);
    if (fault === "deviceErrorElement") {
      // The client refuses an element whose errorCode is not "0" before anything is sent;
      // the verifier is then fed the raw response, as a careless client would send it.
      t.is(capture, undefined);
    }
    const raw = capture ?? (await rawCapture(sim, tx!.biometric!));
    const err = await t.throwsAsync(signet.identity.authenticate({
      transactionId: tx!.transactionId, csrfToken: tx!.csrfToken, individualId: "8267411571", challenges: [biometric(raw)],
    }));
    const detail = ConnectError.from(err).findDetails(ErrorDetailSchema)[0];
    t.is(detail?.error, "biometric_verification_failed");
    t.regex(detail?.errorDescription ?? "", new RegExp(`\\(${expected[fault]}\\)`));
    const stored = await signet.runtime.storage.transactions.get(tx!.transactionId);
    t.is(stored?.state, "created");
    t.is(stored?.subject, null);
  });
}

/** A CAPTURE sent with fetch, returning the body even when an element reports an error. */
async function rawCapture(sim: SbiSimulatorHandle, p: { sbiTransactionId: string; domainUri: string; env: string; timeoutMs: number }) {
  const info = (await (await fetch(`${sim.url}/info`, { method: "MOSIPDINFO" })).json()) as { deviceInfo: string }[];
  const payload = JSON.parse(Buffer.from(info[0]!.deviceInfo.split(".")[1]!, "base64url").toString()) as { deviceId: string; specVersion: string[] };
  const res = await fetch(`${sim.url}/capture`, {
    method: "CAPTURE",
    body: JSON.stringify({
      env: p.env, purpose: "Auth", specVersion: payload.specVersion[0], timeout: String(p.timeoutMs), captureTime: new Date().toISOString(),
      domainUri: p.domainUri, transactionId: p.sbiTransactionId,
      bio: [{ type: "Finger", count: "1", bioSubType: ["UNKNOWN"], requestedScore: "70", deviceId: payload.deviceId, deviceSubId: "0", previousHash: "" }],
      customOpts: null,
    }),
  });
  return (await res.json()) as Parameters<typeof biometric>[0];
}
