package io.quapr.sidecar.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
        List<LogRecord> loud = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    loud.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (String name : new String[] { "x", "", "/", "no.Service" }) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> ClientCalls.blockingUnaryCall(dapr, raw(name),
                                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new byte[] { 1 }));
                assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), "/" + name + ": " + e.getStatus());
            }
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(loud.isEmpty(), "logged: " + loud.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + " "
                + r.getMessage() + " " + r.getThrown()).toList());
    }

    private static MethodDescriptor<byte[], byte[]> raw(String fullName) {
        MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName).setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
    }
}
