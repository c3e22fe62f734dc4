package io.quapr.sidecar.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Empty;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprProtos.ShutdownRequest;
import io.quapr.sidecar.testing.RecordingShutdown;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** {@code Shutdown} answers, then asks for the stop (recorded here instead of performed). */
@QuarkusTest
class ShutdownGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Inject
    RecordingShutdown shutdown;

    @Test
    void answersThenRequestsTheStop() {
        int before = shutdown.requests();

        Empty reply = dapr.shutdown(ShutdownRequest.getDefaultInstance());

        assertEquals(Empty.getDefaultInstance(), reply);
        assertEquals(before + 1, shutdown.requests());
    }
}
