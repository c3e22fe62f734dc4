package io.quapr.sidecar.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dapr.v1.DaprConfigurationProtos.GetConfigurationRequest;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprLockProtos.TryLockRequest;
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
    void getConfigurationIsUnimplemented() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.getConfiguration(
                GetConfigurationRequest.newBuilder().setStoreName("config").build()));

        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("method GetConfiguration not implemented", e.getStatus().getDescription());
    }

    @Test
    void tryLockIsUnimplemented() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.tryLockAlpha1(TryLockRequest.newBuilder().setStoreName("lock").build()));

        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("method TryLockAlpha1 not implemented", e.getStatus().getDescription());
    }
}
