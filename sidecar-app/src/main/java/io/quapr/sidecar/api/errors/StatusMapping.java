package io.quapr.sidecar.api.errors;

import io.grpc.Status;

/**
 * The one table between HTTP statuses and gRPC status codes, and the names Go gives the codes.
 * Every place that turns one into the other reads it here, so the sidecar answers a status the
 * same way wherever it crosses from one protocol to the other.
 *
 * <p>
 * Two readings of an HTTP status exist on purpose, because they answer different questions:
 * {@link #grpcCodeForHttp} reads the status an HTTP app chose to answer with (the grpc-gateway
 * table, inverted), while {@link #grpcCodeForNonGrpcAnswer} reads a status that a server which
 * should have spoken gRPC sent instead (gRPC's own rule, which the gRPC proxy follows as grpc-go
 * does behind daprd's proxy).
 */
public final class StatusMapping {

    /** Go's {@code codes.Code.String()}, indexed by code value. */
    private static final String[] GO_NAMES = { "OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded",
            "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted",
            "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated" };

    private StatusMapping() {
    }

    /**
     * The HTTP status for a gRPC code: grpc-gateway's {@code HTTPStatusFromCode} table, which
     * daprd applies to an HTTP caller of a gRPC app's error.
     *
     * @param code a gRPC status code
     * @return the HTTP status; 500 for codes without a closer one
     */
    public static int httpStatusForGrpc(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case CANCELLED -> 499;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case DEADLINE_EXCEEDED -> 504;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case PERMISSION_DENIED -> 403;
            case UNAUTHENTICATED -> 401;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            default -> 500;
        };
    }

    /**
     * The gRPC code for an HTTP status an app (or the sidecar itself) answered with: the inverse
     * of {@link #httpStatusForGrpc}, where a status several codes share reads as the one daprd
     * picks ({@code 409} as {@code ABORTED}, {@code 500} as {@code INTERNAL}).
     *
     * @param http an HTTP status that is not 2xx
     * @return the gRPC code; {@code UNKNOWN} for a status without one
     */
    public static Status.Code grpcCodeForHttp(int http) {
        return switch (http) {
            case 400 -> Status.Code.INVALID_ARGUMENT;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.NOT_FOUND;
            case 409 -> Status.Code.ABORTED;
            case 429 -> Status.Code.RESOURCE_EXHAUSTED;
            case 499 -> Status.Code.CANCELLED;
            case 500 -> Status.Code.INTERNAL;
            case 501 -> Status.Code.UNIMPLEMENTED;
            case 503 -> Status.Code.UNAVAILABLE;
            case 504 -> Status.Code.DEADLINE_EXCEEDED;
            default -> Status.Code.UNKNOWN;
        };
    }

    /**
     * The gRPC code for an HTTP status from a server that answered a gRPC call without gRPC
     * (gRPC's "HTTP to gRPC status code mapping"): a client cannot tell what the status meant to
     * the server, so most statuses read as transport trouble rather than as the app's answer.
     *
     * @param http the HTTP status of the answer (not 200)
     * @return the gRPC code; {@code UNKNOWN} for a status without one
     */
    public static Status.Code grpcCodeForNonGrpcAnswer(int http) {
        return switch (http) {
            case 400 -> Status.Code.INTERNAL;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.UNIMPLEMENTED;
            case 429, 502, 503, 504 -> Status.Code.UNAVAILABLE;
            default -> Status.Code.UNKNOWN;
        };
    }

    /**
     * A gRPC code as Go's {@code codes.Code.String()} spells it, which daprd puts in metric labels.
     *
     * @param code a gRPC status code
     * @return its Go name, {@code Code(n)} for a value Go does not name
     */
    public static String goName(Status.Code code) {
        int v = code.value();
        return v >= 0 && v < GO_NAMES.length ? GO_NAMES[v] : "Code(" + v + ")";
    }
}
