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
  for (const [definition, implementation] of reflectionFor(services)) server.addService(definition, implementation);
}

type Registration = [grpc.ServiceDefinition, grpc.UntypedServiceImplementation];

/**
 * Building reflection parses every descriptor it is given, and `addToServer` parses
 * reflection's own proto files each time, so it is done once per set of services: the
 * registrations it makes are recorded and replayed on every server the process starts (a
 * restart, tests that start several).
 */
const reflectionServices = new Map<string, readonly Registration[]>();

function reflectionFor(services: readonly DescService[]): readonly Registration[] {
  const key = services.map((s) => s.typeName).join(" ");
  let registrations = reflectionServices.get(key);
  if (!registrations) {
    const fileDescriptorProtos = filesOf(services).map((f) => Buffer.from(toBinary(FileDescriptorProtoSchema, f.proto)));
    // @grpc/reflection reads a package definition; only `fileDescriptorProtos` of its
    // entries is used, so one entry per service carrying every file is enough.
    const pkg = Object.fromEntries(services.map((s) => [s.typeName, { fileDescriptorProtos }]));
    const recorded: Registration[] = [];
    const recorder = { addService: (definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation) => recorded.push([definition, implementation]) };
    new ReflectionService(pkg as never, { services: services.map((s) => s.typeName) }).addToServer(recorder as unknown as grpc.Server);
    registrations = recorded;
    reflectionServices.set(key, registrations);
  }
  return registrations;
}
