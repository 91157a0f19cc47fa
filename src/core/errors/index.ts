export { errorCatalogue, isErrorCode, type ErrorCode, type ErrorKind } from "./catalogue.js";
export { notImplemented, signetError, SignetError, type ErrorRedirect, type SignetErrorOptions } from "./signet-error.js";
export { SERVER_ERROR_TEXT, toConnectError } from "./boundary.js";
