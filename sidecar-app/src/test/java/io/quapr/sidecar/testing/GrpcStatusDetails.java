package io.quapr.sidecar.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Reads the {@code google.rpc.Status} details a gRPC error carries, as a client would. */
public final class GrpcStatusDetails {

    private GrpcStatusDetails() {
    }

    /** The error's {@code ErrorInfo}, or null when it has none. */
    public static ErrorInfo errorInfo(StatusRuntimeException e) {
        return detail(e, ErrorInfo.class);
    }

    /** The error's {@code ResourceInfo}, or null when it has none. */
    public static ResourceInfo resourceInfo(StatusRuntimeException e) {
        return detail(e, ResourceInfo.class);
    }

    private static <T extends Message> T detail(StatusRuntimeException e, Class<T> type) {
        Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return null;
        }
        for (Any any : status.getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (InvalidProtocolBufferException ex) {
                    throw new AssertionError("undecodable " + type.getSimpleName(), ex);
                }
            }
        }
        return null;
    }
}
