package io.quapr.sidecar.testing.grpcproxy;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.quapr.sidecar.testing.RawGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC app with a service the sidecar knows nothing about ({@code quapr.test.Echo}, messages
 * as raw bytes, no proto), on a real grpc-java server on a free port: what a proxied call reaches.
 * It records the metadata of the last call, answers with a header and trailers of its own, and
 * has one method of each kind of call plus an error, a deadline report and a call that never ends.
 */
public final class ProxyTestApp {

    /** The service's name. */
    public static final String SERVICE = "quapr.test.Echo";

    /** Raw bytes, so a test sees exactly what went through. */
    public static final MethodDescriptor.Marshaller<byte[]> BYTES = RawGrpc.BYTES;

    /** Answers the request's bytes. */
    public static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo", MethodDescriptor.MethodType.UNARY);
    /** Fails with {@code INVALID_ARGUMENT}, a non-ASCII message and a trailer. */
    public static final MethodDescriptor<byte[], byte[]> FAIL = method("Fail", MethodDescriptor.MethodType.UNARY);
    /** Answers each byte of the request as a message of its own. */
    public static final MethodDescriptor<byte[], byte[]> SPLIT = method("Split",
            MethodDescriptor.MethodType.SERVER_STREAMING);
    /** Answers all the request messages joined. */
    public static final MethodDescriptor<byte[], byte[]> JOIN = method("Join",
            MethodDescriptor.MethodType.CLIENT_STREAMING);
    /** Answers each message as it comes, reversed. */
    public static final MethodDescriptor<byte[], byte[]> CHAT = method("Chat",
            MethodDescriptor.MethodType.BIDI_STREAMING);
    /** Says "hello" first, before any request message arrives, then ends when the caller does. */
    public static final MethodDescriptor<byte[], byte[]> GREET = method("Greet",
            MethodDescriptor.MethodType.BIDI_STREAMING);
    /** Answers the milliseconds left of its deadline, or {@code none}. */
    public static final MethodDescriptor<byte[], byte[]> DEADLINE = method("Deadline",
            MethodDescriptor.MethodType.UNARY);
    /** Never answers; counts {@link #HUNG_CANCELLED} down when the call is cancelled. */
    public static final MethodDescriptor<byte[], byte[]> HANG = method("Hang", MethodDescriptor.MethodType.UNARY);

    /** Counted down each time a {@link #HANG} call is cancelled. */
    public static volatile CountDownLatch HUNG_CANCELLED = new CountDownLatch(1);

    private static volatile Metadata lastHeaders;
    private static Server server;

    private ProxyTestApp() {
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name)).setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES).build();
    }

    /** The metadata of the last call the app received. */
    public static Metadata lastHeaders() {
        return lastHeaders;
    }

    /** Starts the app once; its port. */
    public static synchronized int start() {
        if (server == null) {
            try {
                server = NettyServerBuilder.forPort(0)
                        .addService(ServerInterceptors.intercept(service(), new Recorder()))
                        .build().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server.getPort();
    }

    private static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext(req);
                    out.onCompleted();
                }))
                .addMethod(FAIL, ServerCalls.asyncUnaryCall((req, out) -> {
                    Metadata trailers = new Metadata();
                    trailers.put(Metadata.Key.of("x-why", Metadata.ASCII_STRING_MARSHALLER), "because");
                    out.onError(Status.INVALID_ARGUMENT.withDescription("bad input: ünïcode 100% sure")
                            .asRuntimeException(trailers));
                }))
                .addMethod(SPLIT, ServerCalls.asyncServerStreamingCall((req, out) -> {
                    for (byte b : req) {
                        out.onNext(new byte[] { b });
                    }
                    out.onCompleted();
                }))
                .addMethod(JOIN, ServerCalls.asyncClientStreamingCall(out -> new StreamObserver<byte[]>() {
                    private final ByteArrayOutputStream all = new ByteArrayOutputStream();

                    @Override
                    public void onNext(byte[] value) {
                        all.writeBytes(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        out.onNext(all.toByteArray());
                        out.onCompleted();
                    }
                }))
                .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(out -> new StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] value) {
                        byte[] r = new byte[value.length];
                        for (int i = 0; i < value.length; i++) {
                            r[i] = value[value.length - 1 - i];
                        }
                        out.onNext(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        out.onCompleted();
                    }
                }))
                .addMethod(GREET, ServerCalls.asyncBidiStreamingCall(out -> {
                    out.onNext("hello".getBytes(StandardCharsets.UTF_8));
                    return new StreamObserver<byte[]>() {
                        @Override
                        public void onNext(byte[] value) {
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                            out.onCompleted();
                        }
                    };
                }))
                .addMethod(DEADLINE, ServerCalls.asyncUnaryCall((req, out) -> {
                    Deadline d = Context.current().getDeadline();
                    out.onNext((d == null ? "none" : Long.toString(d.timeRemaining(TimeUnit.MILLISECONDS)))
                            .getBytes(StandardCharsets.UTF_8));
                    out.onCompleted();
                }))
                .addMethod(HANG, ServerCalls.asyncUnaryCall((req, out) -> {
                    CountDownLatch latch = HUNG_CANCELLED;
                    Context.current().addListener(c -> latch.countDown(), Runnable::run);
                }))
                .build();
    }

    /** Records each call's metadata and adds a header and a binary trailer to every answer. */
    private static final class Recorder implements ServerInterceptor {

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            lastHeaders = headers;
            ServerCall<Q, R> answering = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void sendHeaders(Metadata h) {
                    h.put(Metadata.Key.of("x-app-header", Metadata.ASCII_STRING_MARSHALLER), "from-app");
                    super.sendHeaders(h);
                }

                @Override
                public void close(Status status, Metadata trailers) {
                    trailers.put(Metadata.Key.of("x-app-trailer-bin", Metadata.BINARY_BYTE_MARSHALLER),
                            new byte[] { 0, 1, 2, (byte) 0xff });
                    super.close(status, trailers);
                }
            };
            return next.startCall(answering, headers);
        }
    }
}
