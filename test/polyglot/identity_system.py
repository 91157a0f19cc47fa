#!/usr/bin/env python3
"""A small national identity system written in Python, serving Signet's contract.

It implements signet.v1.IdentitySystemService (proto/signet/v1/identity_system.proto)
with stubs generated from the proto (see generate-stubs.sh), to prove that an identity
system in another language plugs into Signet without any Signet code. Its residents live
in memory; its one-time password is fixed (test use only).

Usage: identity_system.py STUBS_DIR PORT
Prints "python identity system listening on PORT" once it serves.
"""
import hashlib
import hmac
import secrets
import sys
import threading
import time
from concurrent import futures

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from google.protobuf import struct_pb2  # noqa: E402
from google.rpc import status_pb2  # noqa: E402
from signet.v1 import error_pb2  # noqa: E402
from signet.v1 import identity_system_pb2 as pb  # noqa: E402
from signet.v1 import identity_system_pb2_grpc as pb_grpc  # noqa: E402

OTP = "246810"
OTP_TTL_SECONDS = 180
KYC_TTL_SECONDS = 3600

RESIDENTS = {
    "4455667788": {
        "pin": "135790",
        "name": "Amara Okafor",
        "given_name": "Amara",
        "family_name": "Okafor",
        "birthdate": "1988-11-03",
        "email": "amara.okafor@example.net",
        "phone_number": "+2348012345678",
        "gender": "Female",
    },
}

# The status each listed error travels with (identity_system.proto).
STATUS = {
    "auth_failed": grpc.StatusCode.UNAUTHENTICATED,
    "invalid_transaction": grpc.StatusCode.FAILED_PRECONDITION,
    "invalid_individual_id": grpc.StatusCode.NOT_FOUND,
    "invalid_otp_channel": grpc.StatusCode.INVALID_ARGUMENT,
    "send_otp_failed": grpc.StatusCode.FAILED_PRECONDITION,
    "invalid_challenge": grpc.StatusCode.INVALID_ARGUMENT,
    "kyc_exchange_failed": grpc.StatusCode.FAILED_PRECONDITION,
}


def fail(context, error, description):
    """Ends the call with a listed error: the status and a signet.v1.ErrorDetail in its details."""
    code = STATUS[error]
    detail = error_pb2.ErrorDetail(error=error, error_description=description)
    status = status_pb2.Status(code=code.value[0], message=description)
    status.details.add().Pack(detail)
    context.set_trailing_metadata((("grpc-status-details-bin", status.SerializeToString()),))
    context.abort(code, description)


def digest(*parts):
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def mask(value):
    keep = max(0, len(value) - (len(value) // 2 + 1))
    return "X" * (len(value) - keep) + value[len(value) - keep:]


class IdentitySystem(pb_grpc.IdentitySystemServiceServicer):
    def __init__(self):
        self.lock = threading.Lock()
        self.otps = {}  # digest(transaction, individual) -> expiry
        self.tokens = {}  # digest(token) -> (individual, client, expiry)

    def GetCapabilities(self, request, context):
        return pb.GetCapabilitiesResponse(
            name="python identity system (test)",
            challenge_types=[pb.CHALLENGE_TYPE_OTP, pb.CHALLENGE_TYPE_PIN, pb.CHALLENGE_TYPE_KNOWLEDGE],
            otp_channels=[pb.OTP_CHANNEL_EMAIL, pb.OTP_CHANNEL_PHONE],
            claims=["name", "given_name", "family_name", "birthdate", "email", "phone_number", "gender"],
            claims_locales=["eng"],
            claims_formats=[pb.CLAIMS_FORMAT_PLAIN],
        )

    def DeliverOtp(self, request, context):
        person = RESIDENTS.get(request.individual_id)
        if person is None:
            fail(context, "invalid_individual_id", "No such individual.")
        channels = set(request.channels) or {pb.OTP_CHANNEL_EMAIL, pb.OTP_CHANNEL_PHONE}
        if not channels <= {pb.OTP_CHANNEL_EMAIL, pb.OTP_CHANNEL_PHONE}:
            fail(context, "invalid_otp_channel", "Unsupported OTP channel.")
        with self.lock:
            self.otps[digest(request.transaction_id, request.individual_id)] = time.time() + OTP_TTL_SECONDS
        return pb.DeliverOtpResponse(
            masked_email=mask(person["email"]) if pb.OTP_CHANNEL_EMAIL in channels else "",
            masked_mobile=mask(person["phone_number"]) if pb.OTP_CHANNEL_PHONE in channels else "",
        )

    def KycAuth(self, request, context):
        person = RESIDENTS.get(request.individual_id)
        if person is None:
            fail(context, "invalid_individual_id", "No such individual.")
        if not request.challenges:
            fail(context, "invalid_challenge", "At least one factor is required.")
        otp_key = None
        for challenge in request.challenges:
            kind = challenge.WhichOneof("challenge")
            if kind == "otp":
                otp_key = digest(request.transaction_id, request.individual_id)
                with self.lock:
                    expiry = self.otps.get(otp_key)
                if expiry is None:
                    fail(context, "invalid_transaction", "No OTP was sent for this transaction.")
                if expiry < time.time() or not hmac.compare_digest(challenge.otp, OTP):
                    fail(context, "auth_failed", "Authentication failed.")
            elif kind == "pin":
                if not hmac.compare_digest(challenge.pin, person["pin"]):
                    fail(context, "auth_failed", "Authentication failed.")
            elif kind == "knowledge":
                fields = challenge.knowledge.fields
                name_ok = hmac.compare_digest(" ".join(fields.get("name", "").split()).lower(), person["name"].lower())
                birth_ok = hmac.compare_digest(fields.get("birthdate", ""), person["birthdate"])
                if not (name_ok and birth_ok):
                    fail(context, "auth_failed", "Authentication failed.")
            else:
                fail(context, "invalid_challenge", "Unsupported factor.")
        with self.lock:
            if otp_key is not None and self.otps.pop(otp_key, None) is None:
                fail(context, "invalid_transaction", "No OTP was sent for this transaction.")
            token = secrets.token_urlsafe(32)
            self.tokens[digest(token)] = (request.individual_id, request.client_id, time.time() + KYC_TTL_SECONDS)
        psut = hashlib.sha256(("psut\0" + request.individual_id + "\0" + request.relying_party_id).encode()).hexdigest()
        return pb.KycAuthResponse(kyc_token=token, partner_specific_user_token=psut)

    def KycExchange(self, request, context):
        with self.lock:
            grant = self.tokens.get(digest(request.kyc_token))
        if grant is None or grant[1] != request.client_id or grant[2] < time.time():
            fail(context, "kyc_exchange_failed", "The KYC token is not valid.")
        person = RESIDENTS[grant[0]]
        claims = struct_pb2.Struct()
        for name in request.accepted_claims:
            if name in person and name != "pin":
                claims[name] = person[name]
        return pb.KycExchangeResponse(claims=claims)

    def RevokeKycToken(self, request, context):
        with self.lock:
            self.tokens.pop(digest(request.kyc_token), None)
        return pb.RevokeKycTokenResponse()


def main():
    port = int(sys.argv[2])
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    pb_grpc.add_IdentitySystemServiceServicer_to_server(IdentitySystem(), server)
    server.add_insecure_port("127.0.0.1:%d" % port)
    server.start()
    print("python identity system listening on %d" % port, flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
