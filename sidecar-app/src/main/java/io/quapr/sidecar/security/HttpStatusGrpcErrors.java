package io.quapr.sidecar.security;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quapr.sidecar.api.errors.GrpcErrors;
import io.quapr.sidecar.api.errors.StatusMapping;

/**
 * The gRPC errors daprd builds from an HTTP status rather than from an {@code ERR_*} code (its
 * API token and API allow-list interceptors do): the status mapped from the HTTP status by
 * {@link StatusMapping#grpcCodeForHttp}, the HTTP reason phrase as message and {@code ErrorInfo}
 * reason, and {@code ErrorInfo} metadata {@code http.code} and {@code http.error_message}.
 */
final class HttpStatusGrpcErrors {

    /** daprd cuts {@code http.error_message} to this many characters. */
    private static final int MAX_DETAIL = 63;

    private HttpStatusGrpcErrors() {
    }

    /** 401: {@code UNAUTHENTICATED}, "Unauthorized". */
    static StatusRuntimeException unauthorized(String detail) {
        return of(401, detail);
    }

    /** 501: {@code UNIMPLEMENTED}, "Not Implemented". */
    static StatusRuntimeException notImplemented(String detail) {
        return of(501, detail);
    }

    private static StatusRuntimeException of(int httpStatus, String detail) {
        Status.Code code = StatusMapping.grpcCodeForHttp(httpStatus);
        String reasonPhrase = HttpResponseStatus.valueOf(httpStatus).reasonPhrase();
        String cut = detail.length() >= MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(code.value())
                .setMessage(reasonPhrase)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reasonPhrase).setDomain(GrpcErrors.DOMAIN)
                        .putMetadata("http.code", Integer.toString(httpStatus))
                        .putMetadata("http.error_message", cut).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
