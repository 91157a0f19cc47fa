/**
 * The same openid-client suite against split mode over mutual TLS: the gateway reaches the
 * core over gRPC, verifying the core's certificate against the development CA and presenting
 * its client certificate, which the core maps to the gateway role.
 */
import { startSignet } from "../helpers/signet.js";
import { openIdClientSuite } from "./openid-client-suite.js";

openIdClientSuite(() => startSignet({ split: "mtls" }));
