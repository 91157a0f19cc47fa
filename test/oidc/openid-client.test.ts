/** The openid-client suite against an embedded Signet (the gateway calls the core in process). */
import { startSignet } from "../helpers/signet.js";
import { openIdClientSuite } from "./openid-client-suite.js";

openIdClientSuite(() => startSignet());
