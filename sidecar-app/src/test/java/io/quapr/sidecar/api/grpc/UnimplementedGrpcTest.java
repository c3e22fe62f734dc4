package io.quapr.sidecar.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dapr.v1.DaprCryptoProtos.SubtleGetKeyRequest;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprJobsProtos.GetJobRequest;
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
    void getJobIsUnimplemented() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.getJobAlpha1(GetJobRequest.newBuilder().setName("job").build()));

        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("method GetJobAlpha1 not implemented", e.getStatus().getDescription());
    }

    @Test
    void subtleGetKeyIsUnimplemented() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.subtleGetKeyAlpha1(SubtleGetKeyRequest.newBuilder().setName("key").build()));

        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("method SubtleGetKeyAlpha1 not implemented", e.getStatus().getDescription());
    }
}
