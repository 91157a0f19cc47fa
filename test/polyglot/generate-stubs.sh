#!/usr/bin/env bash
# Generates the Python stubs of Signet's identity-system contract into OUT_DIR, the way an
# integrator with an older protoc does it: buf compiles the proto files into an image (a
# FileDescriptorSet, so protoc never parses proto3 `optional` itself), and grpc_tools'
# protoc generates messages and the service stub from that image. Needs buf (npx buf) and
# python3 with grpcio-tools (Debian: python3-grpcio python3-grpc-tools).
#
# Usage: test/polyglot/generate-stubs.sh OUT_DIR [PYTHON]
set -euo pipefail
out="$1"
python="${2:-python3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$out"
(cd "$root" && npx buf build -o "$out/image.binpb")
"$python" - "$out" <<'PY'
import sys
from grpc_tools import protoc
out = sys.argv[1]
files = ["signet/v1/identity_system.proto", "signet/v1/error.proto", "google/rpc/status.proto", "buf/validate/validate.proto"]
sys.exit(protoc.main(["protoc", "--descriptor_set_in=" + out + "/image.binpb",
                      "--python_out=" + out, "--grpc_python_out=" + out] + files))
PY
