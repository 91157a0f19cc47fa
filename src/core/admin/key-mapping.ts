import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { KeyPurpose, SigningKeyState, type SigningKeySchema } from "../../gen/signet/v1/admin_pb.js";
import type { KeyInfo } from "../../keys/key-manager.js";
import type { KeyPurpose as StoredPurpose } from "../../keys/algorithms.js";

const stateOf = {
  PENDING: SigningKeyState.PENDING,
  ACTIVE: SigningKeyState.ACTIVE,
  PREVIOUS: SigningKeyState.PREVIOUS,
  RETIRED: SigningKeyState.RETIRED,
} as const;

/** The stored purpose for the contract's KeyPurpose (UNSPECIFIED means TOKEN). */
export function purposeOf(p: KeyPurpose): StoredPurpose {
  return p === KeyPurpose.CREDENTIAL ? "credential" : "token";
}

/** A key as the contract's SigningKey message (public part only). */
export function signingKeyMessage(k: KeyInfo): MessageInitShape<typeof SigningKeySchema> {
  return {
    kid: k.kid,
    alg: k.alg,
    purpose: k.purpose === "credential" ? KeyPurpose.CREDENTIAL : KeyPurpose.TOKEN,
    state: stateOf[k.state],
    publicJwk: { ...k.publicJwk } as never,
    createTime: timestampFromMs(k.createdAt),
    activateTime: timestampFromMs(k.activateAt),
    retireTime: k.retireAt === null ? undefined : timestampFromMs(k.retireAt),
  };
}
