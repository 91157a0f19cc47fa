/** The OpenID4VCI wallet suite against an embedded Signet with the in-process mock identity system. */
import { startSignet } from "../helpers/signet.js";
import { walletSuite } from "./wallet-issuance-suite.js";

walletSuite(() => startSignet());
