package io.quapr.e2e;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC app with a service no sidecar knows ({@code quapr.e2e.Echo}, raw bytes, no proto), for
 * the proxying tests: {@code Echo} answers the request's bytes, {@code Split} each byte as a
 * message of its own, {@code Fail} {@code FAILED_PRECONDITION}; it keeps the metadata of the last
 * call.
 */
final class EchoGrpcApp implements AutoCloseable {

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
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

    static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<byte[], byte[]> SPLIT = method("Split", MethodDescriptor.MethodType.SERVER_STREAMING);
    static final MethodDescriptor<byte[], byte[]> FAIL = method("Fail", MethodDescriptor.MethodType.UNARY);

    private final Server server;
    private volatile Metadata last;

    private EchoGrpcApp() {
        ServerServiceDefinition service = ServerServiceDefinition.builder("quapr.e2e.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext(req);
                    out.onCompleted();
                }))
                .addMethod(SPLIT, ServerCalls.asyncServerStreamingCall((req, out) -> {
                    for (byte b : req) {
                        out.onNext(new byte[] { b });
                    }
                    out.onCompleted();
                }))
                .addMethod(FAIL, ServerCalls.asyncUnaryCall((req, out) -> out.onError(
                        Status.FAILED_PRECONDITION.withDescription("not now").asRuntimeException())))
                .build();
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                last = headers;
                return next.startCall(call, headers);
            }
        };
        try {
            server = ServerBuilder.forPort(0).addService(ServerInterceptors.intercept(service, recorder)).build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EchoGrpcApp start() {
        return new EchoGrpcApp();
    }

    static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("quapr.e2e.Echo", name))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }

    int port() {
        return server.getPort();
    }

    /** The value of one ASCII metadata key in the last call, or null. */
    String lastHeader(String key) {
        Metadata md = last;
        return md == null ? null : md.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
