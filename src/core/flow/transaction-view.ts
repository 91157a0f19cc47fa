import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  AuthFactorType,
  TransactionState,
  type TransactionSchema,
} from "../../gen/signet/v1/identity_pb.js";
import type { ClientRecord } from "../ports/storage/index.js";
import type { TransactionRecord } from "../ports/storage/index.js";
import { factorSetsOf } from "../rules/acr.js";
import type { TransactionData } from "./transaction-data.js";

const stateOf = {
  created: TransactionState.CREATED,
  authenticated: TransactionState.AUTHENTICATED,
  code_issued: TransactionState.CODE_ISSUED,
  exchanged: TransactionState.EXCHANGED,
  failed: TransactionState.FAILED,
} as const;

const factorOf = { OTP: AuthFactorType.OTP, PIN: AuthFactorType.PIN, BIO: AuthFactorType.BIO, KBI: AuthFactorType.KBI } as const;

/** Extra view parts a caller adds (the CSRF token only on Authorize; SBI params when BIO is offered). */
export interface ViewExtras {
  readonly csrfToken?: string;
  readonly biometric?: MessageInitShape<typeof TransactionSchema>["biometric"];
}

/** The Transaction message the pages render, from the stored transaction and its client. */
export function transactionView(
  tx: TransactionRecord<TransactionData>,
  client: ClientRecord,
  extras: ViewExtras = {},
): MessageInitShape<typeof TransactionSchema> {
  return {
    transactionId: tx.id,
    state: stateOf[tx.state],
    clientId: client.clientId,
    clientName: client.name,
    clientNameLangmap: { ...client.nameLangmap },
    logoUri: client.logoUri,
    authFactorSets: factorSetsOf(tx.data.acrs).map(({ acr, def }) => ({
      acr,
      amr: def.amr,
      factors: def.factors.map((f) => ({ type: factorOf[f.type], count: f.count ?? 0 })),
    })),
    claims: tx.data.claims.map((c) => ({ name: c.name, essential: c.essential, purpose: c.purpose })),
    authorizeScopes: [...tx.data.scopes.authorize],
    credentialScopes: [...tx.data.scopes.credential],
    uiLocales: [...tx.data.uiLocales],
    expireTime: timestampFromMs(tx.expiresAt),
    csrfToken: extras.csrfToken ?? "",
    biometric: extras.biometric,
    consentRequired: tx.data.consentRequired ?? false,
    redirectUri: tx.data.redirectUri,
  };
}
