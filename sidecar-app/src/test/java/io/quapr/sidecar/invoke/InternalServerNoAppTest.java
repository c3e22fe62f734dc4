package io.quapr.sidecar.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quapr.sidecar.testing.grpcproxy.ProxyTestApp;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With no {@code --app-port}, every request to the internal (sidecar-to-sidecar) port still gets
 * an answer: a proxied gRPC call is {@code UNAVAILABLE} at once (it was an uncaught exception and a
 * caller waiting for its own deadline), and a plain HTTP/1.1 request a 4xx.
 */
@QuarkusTest
class InternalServerNoAppTest {

    @Inject
    InternalServer internal;

    @Test
    void proxiedGrpcCallWithoutAnAppIsUnavailableAtOnce() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", internal.port()).usePlaintext()
                .build();
        try {
            long start = System.nanoTime();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> ClientCalls.blockingUnaryCall(channel, ProxyTestApp.ECHO,
                            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[] { 1 }));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "answered, not timed out");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void plainHttpRequestsGetA4xx() throws Exception {
        for (String path : new String[] { "/", "/v1.0/healthz", "/dapr.proto.internals.v1.ServiceInvocation/x" }) {
            try (Socket socket = new Socket("127.0.0.1", internal.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream()
                        .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 4"), path + ": " + answer);
            }
        }
    }
}
