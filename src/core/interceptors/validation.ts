import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator, type Validator } from "@bufbuild/protovalidate";
import type { Interceptor } from "@connectrpc/connect";
import { signetError } from "../errors/index.js";
import { certainlyOversized } from "./oversized-strings.js";

let sharedValidator: Validator | undefined;

/**
 * The process's validator. It compiles each message's rules (CEL included) on first use and keeps
 * them, so every runtime in the process shares one instead of compiling them again.
 */
function processValidator(): Validator {
  sharedValidator ??= createValidator({ failFast: true });
  return sharedValidator;
}

/**
 * Enforces the `buf.validate` rules of the contract (proto/signet/v1) on every request
 * message before any handler runs: lengths of strings, sizes of bytes, item counts of
 * repeated and map fields. These are ceilings that bound the work an unauthenticated
 * caller can cause; the core's own rules still decide what a value means.
 *
 * A violation is INVALID_ARGUMENT with a signet.v1.ErrorDetail `invalid_request` whose
 * `field` is the proto field path (e.g. `challenges[0].biometric.biometrics[1].data`).
 * Only the first violation is reported (fail fast: the rest is not evaluated).
 *
 * It is a plain Connect server-side interceptor, so the same object runs on the
 * in-process router transport and on the grpc-js adapter.
 */
export function createValidationInterceptor(validator: Validator = processValidator()): Interceptor {
  const check = <D extends DescMessage>(schema: D, message: MessageShape<D>): void => {
    const oversized = certainlyOversized(schema, message);
    if (oversized) {
      throw signetError("invalid_request", `${oversized.field}: must be at most ${oversized.maxLen} characters`, { field: oversized.field });
    }
    const result = validator.validate(schema, message);
    if (result.kind === "valid") return;
    if (result.kind === "error") {
      // A rule that cannot be evaluated is a defect of the contract, not of the request: the
      // error boundary logs it and answers server_error.
      throw new Error("request validation could not run", { cause: result.error });
    }
    const [first] = result.violations;
    const field = first ? pathToString(first.field) : "";
    throw signetError("invalid_request", `${field || "request"}: ${first?.message ?? "is not valid"}`, { field });
  };
  return (next) => async (req) => {
    if (!req.stream) {
      check(req.method.input, req.message);
      return next(req);
    }
    const input = req.method.input;
    const messages = req.message;
    async function* validated() {
      for await (const message of messages) {
        check(input, message);
        yield message;
      }
    }
    return next(Object.assign({}, req, { message: validated() }));
  };
}
