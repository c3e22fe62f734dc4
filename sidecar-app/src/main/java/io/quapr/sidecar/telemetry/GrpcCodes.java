package io.quapr.sidecar.telemetry;

import io.grpc.Status;

/** gRPC status codes as Go's {@code codes.Code.String()} spells them, which daprd puts in labels. */
final class GrpcCodes {

    private static final String[] NAMES = { "OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded",
            "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted",
            "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated" };

    private GrpcCodes() {
    }

    static String name(Status.Code code) {
        int v = code.value();
        return v >= 0 && v < NAMES.length ? NAMES[v] : "Code(" + v + ")";
    }
}
