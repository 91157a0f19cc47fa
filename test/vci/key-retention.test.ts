import test from "ava";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { KeyPurpose, SigningKeyState } from "../../src/gen/signet/v1/admin_pb.js";
import { startSignet } from "../helpers/signet.js";

test("a replaced credential key stays published as long as the credentials it signed are valid; a token key only as long as tokens live", async (t) => {
  const signet = await startSignet();
  t.teardown(() => signet.stop());
  const year = 31_536_000_000;
  const hour = 3_600_000;

  const credential = await signet.admin.rotateSigningKey({ purpose: KeyPurpose.CREDENTIAL, publishDelaySeconds: 0n });
  const activated = timestampMs(credential.keys[0]!.activateTime!);
  const previous = (await signet.admin.listSigningKeys({ purpose: KeyPurpose.CREDENTIAL })).keys.filter((k) => k.state === SigningKeyState.PREVIOUS);
  t.true(previous.length > 0);
  for (const k of previous) t.is(timestampMs(k.retireTime!) - activated, year, `${k.alg} retires after the credential validity`);

  const token = await signet.admin.rotateSigningKey({ purpose: KeyPurpose.TOKEN, publishDelaySeconds: 0n });
  const tokenActivated = timestampMs(token.keys[0]!.activateTime!);
  const previousToken = (await signet.admin.listSigningKeys({ purpose: KeyPurpose.TOKEN })).keys.filter((k) => k.state === SigningKeyState.PREVIOUS);
  for (const k of previousToken) t.is(timestampMs(k.retireTime!) - tokenActivated, hour, `${k.alg} retires after the token lifetime`);
});
