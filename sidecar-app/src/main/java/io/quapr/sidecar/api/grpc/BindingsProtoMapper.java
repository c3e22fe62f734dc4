package io.quapr.sidecar.api.grpc;

import com.google.protobuf.ByteString;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingResponse;
import io.quapr.spi.bindings.InvokeResponse;

/** The output bindings API's answers in daprd's proto shapes. */
final class BindingsProtoMapper {

    private BindingsProtoMapper() {
    }

    /** The binding's answer; an empty response when it had none, as daprd. */
    static InvokeBindingResponse response(InvokeResponse r) {
        if (r == null) {
            return InvokeBindingResponse.getDefaultInstance();
        }
        return InvokeBindingResponse.newBuilder().setData(ByteString.copyFrom(r.data())).putAllMetadata(r.metadata())
                .build();
    }
}
