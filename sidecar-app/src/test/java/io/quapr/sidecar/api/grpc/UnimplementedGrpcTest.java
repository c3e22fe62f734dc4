package io.quapr.sidecar.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dapr.v1.DaprAiProtos.ConversationRequest;
import io.dapr.v1.DaprCryptoProtos.SubtleGetKeyRequest;
import io.dapr.v1.DaprGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** RPCs of building blocks not served yet answer UNIMPLEMENTED, naming the method. */
@QuarkusTest
class UnimplementedGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void converseIsUnimplemented() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.converseAlpha1(ConversationRequest.newBuilder().setName("llm").build()));

        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("method ConverseAlpha1 not implemented", e.getStatus().getDescription());
    }

    @Test
    void subtleGetKeyIsUnimplemented() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.subtleGetKeyAlpha1(SubtleGetKeyRequest.newBuilder().setName("key").build()));

        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("method SubtleGetKeyAlpha1 not implemented", e.getStatus().getDescription());
    }
}
