package io.quapr.sidecar.api.errors;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quapr.sidecar.telemetry.ErrorCodeCounter;
import io.quapr.spi.MetadataException;

/**
 * Renders a {@link DaprException} as daprd's gRPC error: the status code, the message, and a
 * {@code google.rpc.Status} with {@code ErrorInfo} (domain {@code dapr.io}, daprd's reason).
 */
public final class GrpcErrors {

    /** The ErrorInfo domain daprd uses. */
    public static final String DOMAIN = "dapr.io";

    private GrpcErrors() {
    }

    /** Any failure of a block service as the gRPC error daprd would send. */
    public static StatusRuntimeException toGrpc(Throwable failure) {
        if (failure instanceof StatusRuntimeException already) {
            return already;
        }
        DaprException e = failure instanceof DaprException d
                ? d
                : failure instanceof IllegalArgumentException || failure instanceof MetadataException
                        ? new DaprException(ErrorCode.BAD_REQUEST, String.valueOf(failure.getMessage()))
                        : new DaprException(ErrorCode.INTERNAL, String.valueOf(failure.getMessage()));
        ErrorCodeCounter.record(e.code().code(), e.code().category());
        Status.Builder status = Status.newBuilder()
                .setCode(e.grpcCode().value()).setMessage(e.getMessage());
        if (!e.code().grpcReason().isEmpty()) {
            status.addDetails(Any.pack(ErrorInfo.newBuilder().setReason(e.code().grpcReason()).setDomain(DOMAIN)
                    .putAllMetadata(e.infoMetadata()).build()));
            if (e.resource() != null) {
                status.addDetails(Any.pack(ResourceInfo.newBuilder().setResourceType(e.resource().type())
                        .setResourceName(e.resource().name()).setDescription(e.resource().description()).build()));
            }
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
