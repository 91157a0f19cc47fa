import type * as grpc from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";
import { toBinary, type DescFile, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/** Every file a service needs, dependencies first, each once. */
function filesOf(services: readonly DescService[]): DescFile[] {
  const seen = new Map<string, DescFile>();
  const visit = (file: DescFile) => {
    if (seen.has(file.name)) return;
    for (const dep of file.dependencies) visit(dep);
    seen.set(file.name, file);
  };
  for (const s of services) visit(s.file);
  return [...seen.values()];
}

/**
 * Adds gRPC server reflection (v1 and v1alpha) for `services`, fed with the serialized
 * FileDescriptorProtos that protobuf-es keeps for the generated files, so `grpcurl` and
 * `buf curl` work without proto files on the caller's side.
 */
export function addReflection(server: grpc.Server, services: readonly DescService[]): void {
  const fileDescriptorProtos = filesOf(services).map((f) => Buffer.from(toBinary(FileDescriptorProtoSchema, f.proto)));
  // @grpc/reflection reads a package definition; only `fileDescriptorProtos` of its
  // entries is used, so one entry per service carrying every file is enough.
  const pkg = Object.fromEntries(services.map((s) => [s.typeName, { fileDescriptorProtos }]));
  new ReflectionService(pkg as never, { services: services.map((s) => s.typeName) }).addToServer(server);
}
