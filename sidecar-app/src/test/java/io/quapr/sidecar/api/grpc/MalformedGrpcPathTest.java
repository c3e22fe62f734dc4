package io.quapr.sidecar.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quapr.sidecar.testing.LoudLogs;
import io.quapr.sidecar.testing.RawGrpc;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * A gRPC request whose path is not {@code /service/method} is answered {@code UNIMPLEMENTED}
 * quietly: no warning or error in the log (one client could otherwise fill the disk with stack
 * traces).
 */
@QuarkusTest
class MalformedGrpcPathTest {

    @GrpcClient("dapr")
    Channel dapr;

    @Test
    void pathWithoutAServiceIsUnimplementedAndNotLogged() {
        List<String> loud;
        try (LoudLogs logs = LoudLogs.atLeast(Level.WARNING)) {
            for (String name : new String[] { "x", "", "/", "no.Service" }) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> ClientCalls.blockingUnaryCall(dapr, RawGrpc.unary(name),
                                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new byte[] { 1 }));
                assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), "/" + name + ": " + e.getStatus());
            }
            loud = logs.lines();
        }
        assertTrue(loud.isEmpty(), "logged: " + loud);
    }
}
