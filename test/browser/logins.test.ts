/** The browser tests against an embedded Signet with the in-process mock identity system (see logins-suite.ts). */
import { startSignet } from "../helpers/signet.js";
import { browserLoginsSuite } from "./logins-suite.js";

browserLoginsSuite((overrides) => startSignet({ overrides }));
