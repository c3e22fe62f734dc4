package io.quapr.sidecar.invoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprStateProtos;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.quapr.sidecar.testing.grpcproxy.ProxyTestApp;
import io.quapr.sidecar.testing.grpcproxy.ProxyTestAppResource;
import io.quapr.sidecar.testing.invoke.PeerRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC proxying on the API port: calls to a service the sidecar does not serve, with
 * {@code dapr-app-id}, reach a real gRPC app ({@link ProxyTestApp}) as bytes, each kind of call,
 * metadata, status, trailers and deadline passing through. {@code testapp} is this sidecar's own
 * app (straight to it); {@code otherapp} resolves to this same sidecar's internal port, so those
 * calls cross the sidecar-to-sidecar server as a call between two sidecars does.
 */
@QuarkusTest
@WithTestResource(ProxyTestAppResource.class)
class GrpcProxyTest {

    private static final Metadata.Key<String> CUSTOM = Metadata.Key.of("x-custom", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<byte[]> DATA_BIN = Metadata.Key.of("x-data-bin", Metadata.BINARY_BYTE_MARSHALLER);

    @GrpcClient("dapr")
    Channel dapr;

    @Inject
    InternalServer internal;

    @BeforeEach
    void registerPeers() throws Exception {
        PeerRegistry.register("otherapp", "localhost:" + internal.port());
    }

    private static Metadata md(String appId) {
        Metadata md = new Metadata();
        if (appId != null) {
            md.put(Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER), appId);
        }
        return md;
    }

    private Channel to(Metadata md) {
        return ClientInterceptors.intercept(dapr, MetadataUtils.newAttachHeadersInterceptor(md));
    }

    private Channel to(String appId) {
        return to(md(appId));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unaryToOwnAppPassesBytesMetadataHeadersAndTrailers() {
        byte[] body = new byte[64 * 1024];
        new Random(7).nextBytes(body);
        Metadata md = md("testapp");
        md.put(CUSTOM, "v1");
        md.put(DATA_BIN, new byte[] { 0, 1, (byte) 0xfe });
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Channel ch = ClientInterceptors.intercept(to(md),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

        assertArrayEquals(body, ClientCalls.blockingUnaryCall(ch, ProxyTestApp.ECHO, CallOptions.DEFAULT, body));

        Metadata seen = ProxyTestApp.lastHeaders();
        assertEquals("v1", seen.get(CUSTOM));
        assertArrayEquals(new byte[] { 0, 1, (byte) 0xfe }, seen.get(DATA_BIN));
        assertNull(seen.get(Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("from-app", headers.get().get(Metadata.Key.of("x-app-header", Metadata.ASCII_STRING_MARSHALLER)));
        assertArrayEquals(new byte[] { 0, 1, 2, (byte) 0xff },
                trailers.get().get(Metadata.Key.of("x-app-trailer-bin", Metadata.BINARY_BYTE_MARSHALLER)));
    }

    @Test
    void unaryToAnotherAppCrossesItsSidecarWithTheIdentityKeys() {
        byte[] body = new byte[3 * 1024 * 1024];
        new Random(8).nextBytes(body);
        Metadata md = md("otherapp");
        md.put(CUSTOM, "v2");

        assertArrayEquals(body, ClientCalls.blockingUnaryCall(to(md), ProxyTestApp.ECHO, CallOptions.DEFAULT, body));

        Metadata seen = ProxyTestApp.lastHeaders();
        assertEquals("v2", seen.get(CUSTOM));
        assertEquals("testapp", seen.get(Metadata.Key.of("dapr-caller-app-id", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("otherapp", seen.get(Metadata.Key.of("dapr-callee-app-id", Metadata.ASCII_STRING_MARSHALLER)));
        assertNull(seen.get(Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER)));
    }

    @Test
    void serverStreamingGivesEveryMessageInOrder() {
        for (String app : List.of("testapp", "otherapp")) {
            Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(to(app), ProxyTestApp.SPLIT,
                    CallOptions.DEFAULT, new byte[] { 5, 0, 7, 9 });
            List<Byte> got = new ArrayList<>();
            it.forEachRemaining(m -> {
                assertEquals(1, m.length);
                got.add(m[0]);
            });
            assertEquals(List.of((byte) 5, (byte) 0, (byte) 7, (byte) 9), got, app);
        }
    }

    @Test
    void clientStreamingJoinsEveryMessage() throws Exception {
        for (String app : List.of("testapp", "otherapp")) {
            BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            StreamObserver<byte[]> req = ClientCalls.asyncClientStreamingCall(
                    to(app).newCall(ProxyTestApp.JOIN, CallOptions.DEFAULT), observer(answers));
            req.onNext(bytes("ab"));
            req.onNext(new byte[0]);
            req.onNext(bytes("cd"));
            req.onCompleted();
            assertEquals("abcd", new String((byte[]) answers.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8), app);
            assertEquals("done", answers.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void bidiStreamingAnswersEachMessageBeforeTheNextIsSent() throws Exception {
        for (String app : List.of("testapp", "otherapp")) {
            BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            StreamObserver<byte[]> req = ClientCalls.asyncBidiStreamingCall(
                    to(app).newCall(ProxyTestApp.CHAT, CallOptions.DEFAULT), observer(answers));
            for (String m : List.of("abc", "hello", "xy")) {
                req.onNext(bytes(m));
                Object answer = answers.poll(10, TimeUnit.SECONDS);
                assertEquals(new StringBuilder(m).reverse().toString(),
                        new String((byte[]) answer, StandardCharsets.UTF_8), app);
            }
            req.onCompleted();
            assertEquals("done", answers.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theAppCanSpeakFirst() throws Exception {
        for (String app : List.of("testapp", "otherapp")) {
            BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            StreamObserver<byte[]> req = ClientCalls.asyncBidiStreamingCall(
                    to(app).newCall(ProxyTestApp.GREET, CallOptions.DEFAULT), observer(answers));
            // nothing sent: the call itself must reach the app
            assertEquals("hello", new String((byte[]) answers.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8), app);
            req.onCompleted();
            assertEquals("done", answers.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theAppsStatusMessageAndTrailersComeBack() {
        for (String app : List.of("testapp", "otherapp")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> ClientCalls.blockingUnaryCall(to(app), ProxyTestApp.FAIL, CallOptions.DEFAULT, new byte[0]));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), app);
            assertEquals("bad input: ünïcode 100% sure", e.getStatus().getDescription(), app);
            assertEquals("because", e.getTrailers().get(Metadata.Key.of("x-why", Metadata.ASCII_STRING_MARSHALLER)));
            assertArrayEquals(new byte[] { 0, 1, 2, (byte) 0xff },
                    e.getTrailers().get(Metadata.Key.of("x-app-trailer-bin", Metadata.BINARY_BYTE_MARSHALLER)));
        }
    }

    @Test
    void theCallersDeadlineReachesTheApp() {
        for (String app : List.of("testapp", "otherapp")) {
            long left = Long.parseLong(new String(ClientCalls.blockingUnaryCall(to(app), ProxyTestApp.DEADLINE,
                    CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new byte[0]), StandardCharsets.UTF_8));
            assertTrue(left > 3000 && left <= 5000, app + ": " + left);
            assertEquals("none", new String(ClientCalls.blockingUnaryCall(to(app), ProxyTestApp.DEADLINE,
                    CallOptions.DEFAULT, new byte[0]), StandardCharsets.UTF_8), app);
        }
    }

    @Test
    void anExpiredDeadlineCancelsTheCallAtTheApp() throws Exception {
        for (String app : List.of("testapp", "otherapp")) {
            CountDownLatch cancelled = new CountDownLatch(1);
            ProxyTestApp.HUNG_CANCELLED = cancelled;
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> ClientCalls.blockingUnaryCall(to(app), ProxyTestApp.HANG,
                            CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS), new byte[0]));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), app);
            assertTrue(cancelled.await(5, TimeUnit.SECONDS), app + ": the app's call was not cancelled");
        }
    }

    @Test
    void withoutAnAppIdTheCallFails() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(to((String) null), ProxyTestApp.ECHO, CallOptions.DEFAULT,
                        new byte[0]));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("failed to proxy request: required metadata dapr-callee-app-id or dapr-app-id not found",
                e.getStatus().getDescription());
    }

    @Test
    void anUnknownAppIdFailsWithTheResolversError() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(to("nosuchapp"), ProxyTestApp.ECHO, CallOptions.DEFAULT,
                        new byte[0]));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("no sidecar registered for app id nosuchapp", e.getStatus().getDescription());
    }

    @Test
    void aDaprApiMethodIsNeverProxied() {
        MethodDescriptor<byte[], byte[]> m = ProxyTestApp.ECHO.toBuilder()
                .setFullMethodName("dapr.proto.runtime.v1.Dapr/GetState").build();
        // a Dapr API method is served by the sidecar, whatever dapr-app-id says: the state API answers
        byte[] request = DaprStateProtos.GetStateRequest.newBuilder().setStoreName("nosuchstore")
                .setKey("k").build().toByteArray();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(to("testapp"), m, CallOptions.DEFAULT, request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("nosuchstore"), e.getStatus().getDescription());
    }

    private static StreamObserver<byte[]> observer(BlockingQueue<Object> answers) {
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                answers.add(t);
            }

            @Override
            public void onCompleted() {
                answers.add("done");
            }
        };
    }
}
