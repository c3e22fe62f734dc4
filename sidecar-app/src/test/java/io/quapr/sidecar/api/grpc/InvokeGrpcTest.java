package io.quapr.sidecar.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.HTTPExtension;
import io.dapr.v1.CommonProtos.InvokeRequest;
import io.dapr.v1.CommonProtos.InvokeResponse;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.sidecar.testing.invoke.EchoAppResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** {@code Dapr.InvokeService} to an HTTP app (the sidecar's own, the echo app). */
@QuarkusTest
@WithTestResource(EchoAppResource.class)
class InvokeGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    private static InvokeServiceRequest request(String method, HTTPExtension.Verb verb, String query, String data) {
        return InvokeServiceRequest.newBuilder().setId("testapp").setMessage(InvokeRequest.newBuilder()
                .setMethod(method).setContentType("text/plain")
                .setData(Any.newBuilder().setValue(ByteString.copyFromUtf8(data)))
                .setHttpExtension(HTTPExtension.newBuilder().setVerb(verb).setQuerystring(query))).build();
    }

    @Test
    void dataAndContentTypeComeBack() {
        InvokeResponse r = dapr.invokeService(request("orders/1", HTTPExtension.Verb.PUT, "a=b", "hello"));
        assertEquals("hello", r.getData().getValue().toStringUtf8());
        assertEquals("text/plain", r.getContentType());
    }

    @Test
    void nonSuccessStatusIsAGrpcError() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.invokeService(request("x", HTTPExtension.Verb.GET, "status=404", "")));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("Not Found", e.getStatus().getDescription());
    }

    @Test
    void unknownAppIsDirectInvokeError() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.invokeService(
                request("x", HTTPExtension.Verb.GET, "", "").toBuilder().setId("nosuchapp").build()));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("failed to invoke, id: nosuchapp, err: no sidecar registered for app id nosuchapp",
                e.getStatus().getDescription());
    }
}
