/**
 * A plain @grpc/grpc-js client for IdentityService built from the protobuf-es descriptors — what
 * an integrator without Connect would write — and the reader for Signet's typed error detail.
 */
import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { StatusSchema } from "../../src/gen/google/rpc/status_pb.js";
import { ErrorDetailSchema, type ErrorDetail } from "../../src/gen/signet/v1/error_pb.js";
import { IdentityService } from "../../src/gen/signet/v1/identity_pb.js";

type Methods = typeof IdentityService.method;
type In<K extends keyof Methods> = Parameters<typeof create<Methods[K]["input"]>>[1];
type Out<K extends keyof Methods> = ReturnType<typeof create<Methods[K]["output"]>>;

export function grpcJsIdentityClient(coreUrl: string) {
  const def: grpc.ServiceDefinition = {};
  for (const m of IdentityService.methods) {
    (def as Record<string, grpc.MethodDefinition<unknown, unknown>>)[m.localName] = {
      path: `/${IdentityService.typeName}/${m.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (msg: unknown) => Buffer.from(toBinary(m.input, create(m.input, msg as never))),
      requestDeserialize: (b: Buffer) => fromBinary(m.input, b),
      responseSerialize: (msg: unknown) => Buffer.from(toBinary(m.output, msg as never)),
      responseDeserialize: (b: Buffer) => fromBinary(m.output, b),
    };
  }
  const Ctor = grpc.makeGenericClientConstructor(def, "IdentityService");
  const client = new Ctor(new URL(coreUrl).host, grpc.credentials.createInsecure());
  const raw = client as unknown as Record<string, (req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void>;
  return {
    call<K extends keyof Methods>(method: K, req: In<K>): Promise<Out<K>> {
      return new Promise((resolve, reject) => raw[method]!.call(client, req, (err, res) => (err ? reject(err) : resolve(res as Out<K>))));
    },
    close: () => client.close(),
  };
}

/** The signet.v1.ErrorDetail carried in `grpc-status-details-bin` (google.rpc.Status). */
export function errorDetail(err: unknown): ErrorDetail | undefined {
  const bin = (err as grpc.ServiceError).metadata?.get("grpc-status-details-bin")[0];
  if (!(bin instanceof Buffer)) return undefined;
  const status = fromBinary(StatusSchema, bin);
  for (const any of status.details) {
    const detail = anyUnpack(any, ErrorDetailSchema);
    if (detail) return detail;
  }
  return undefined;
}
