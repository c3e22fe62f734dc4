package io.quapr.sidecar.api.grpc;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingRequest;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingResponse;
import io.dapr.v1.DaprGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.sidecar.testing.bindings.BindingsTestResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The output bindings API over gRPC ({@code InvokeBinding}), against {@code bindings.localstorage}. */
@QuarkusTest
@WithTestResource(BindingsTestResource.class)
class BindingsGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void bytesGoAsTheyAreAndComeBack() {
        String name = "grpc-" + UUID.randomUUID();
        InvokeBindingResponse created = dapr.invokeBinding(InvokeBindingRequest.newBuilder().setName("files")
                .setOperation("create").setData(ByteString.copyFromUtf8("plain text")).putMetadata("fileName", name)
                .build());
        assertEquals("{\"fileName\":\"" + name + "\"}", created.getData().toStringUtf8());

        InvokeBindingResponse got = dapr.invokeBinding(InvokeBindingRequest.newBuilder().setName("files")
                .setOperation("get").putMetadata("fileName", name).build());
        assertEquals("plain text", got.getData().toStringUtf8());
    }

    @Test
    void answerMetadataIsInTheResponse() {
        InvokeBindingResponse r = dapr.invokeBinding(InvokeBindingRequest.newBuilder().setName("outbox")
                .setOperation("create").setData(ByteString.copyFromUtf8("{}")).build());
        assertEquals("true", r.getMetadataMap().get("queued"));
    }

    @Test
    void unknownBindingIsInternalWithErrorInfo() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.invokeBinding(
                InvokeBindingRequest.newBuilder().setName("nope").setOperation("create").build()));

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("error invoking output binding nope: couldn't find output binding nope",
                e.getStatus().getDescription());
        assertEquals("ERR_INVOKE_OUTPUT_BINDING", errorInfo(e).getReason());
    }

    @Test
    void unsupportedOperationIsInternal() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.invokeBinding(
                InvokeBindingRequest.newBuilder().setName("files").setOperation("exec").build()));

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("error invoking output binding files: binding files does not support operation exec."
                + " supported operations:create get list delete", e.getStatus().getDescription());
    }
}
