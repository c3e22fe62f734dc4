package io.quapr.sidecar.invoke;

import io.grpc.Status;

/** The HTTP status daprd gives a gRPC code (its {@code HTTPStatusFromCode}, the grpc-gateway table). */
final class HttpStatusForGrpc {

    private HttpStatusForGrpc() {
    }

    static int of(Status.Code code) {
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
}
