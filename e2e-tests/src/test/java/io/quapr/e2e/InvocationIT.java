package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.HttpExtension;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.quapr.testsupport.tls.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service invocation between two packaged sidecars on one machine, over mTLS: the test is app
 * A, calling app B ({@link EchoHttpApp}) through sidecar A and sidecar B with the Java SDK, raw
 * HTTP and raw gRPC, and a gRPC app C ({@link EchoGrpcApp}) by gRPC proxying. Sidecars find each
 * other with no configuration (the SQLite name resolution default, on one shared data folder) and
 * present certificates from a CA made here.
 */
class InvocationIT {

    private static final String TRUST_DOMAIN = "public";
    /**
     * Sidecar B's access policy: app-a may call anything but {@code /admin/**}; mallory may only
     * {@code GET /who}; callers without a policy are allowed.
     */
    private static final String ACCESS_POLICY = """
            apiVersion: dapr.io/v1alpha1
            kind: Configuration
            metadata:
              name: app-b-config
            spec:
              accessControl:
                defaultAction: allow
                trustDomain: public
                policies:
                - appId: app-a
                  defaultAction: allow
                  trustDomain: public
                  namespace: default
                  operations:
                  - name: /admin/**
                    httpVerb: ['*']
                    action: deny
                - appId: mallory
                  defaultAction: deny
                  trustDomain: public
                  namespace: default
                  operations:
                  - name: /who
                    httpVerb: ['GET']
                    action: allow
            """;
    private static Path dir;
    private static TestCertificates ca;
    private static EchoHttpApp appB;
    private static Sidecar sidecarB;
    private static Sidecar sidecarA;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("quapr-invoke-");
        ca = TestCertificates.authority("quapr-test-ca");
        appB = EchoHttpApp.start();
        Path config = Files.writeString(dir.resolve("app-b-config.yaml"), ACCESS_POLICY);
        sidecarB = start("invoke-b", "app-b", ca, "app-b", appB.port(), "--config", config.toString());
        sidecarA = start("invoke-a", "app-a", ca, "app-a", 0);
    }

    /**
     * A sidecar with mTLS on, its certificate naming {@code certAppId}, sharing the name
     * resolution file, with more flags after those.
     */
    private static Sidecar start(String name, String appId, TestCertificates authority, String certAppId, int appPort,
            String... moreFlags) {
        Path[] pem = authority.issue(dir.resolve(name), name,
                "spiffe://" + TRUST_DOMAIN + "/ns/default/" + certAppId);
        List<String> flags = new ArrayList<>(List.of("--dapr-internal-grpc-port", Integer.toString(Sidecar.freePort()),
                "--enable-mtls", "--trust-anchors-file", pem[0].toString(), "--cert-chain-file", pem[1].toString(),
                "--cert-key-file", pem[2].toString()));
        flags.addAll(List.of(moreFlags));
        return Sidecar.start(name, appId, List.of("-Dquapr.data-dir=" + dir.resolve("data")), List.of(), appPort,
                flags);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] { sidecarA, sidecarB, appB }) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
        if (dir != null) {
            E2e.deleteTree(dir);
        }
    }

    private static HttpResponse<byte[]> http(Sidecar via, String method, String path, Map<String, String> headers,
            byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(via.httpUrl() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void javaSdkInvokeMethodReachesAppB() {
        try (DaprClient client = sidecarA.javaClient()) {
            byte[] answer = client.invokeMethod("app-b", "orders/1", Map.of("id", 7), HttpExtension.PUT,
                    Map.of("x-custom", "sdk"), byte[].class).block();
            assertEquals("{\"id\":7}", new String(answer, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rawHttpKeepsStatusHeadersAndBody() throws Exception {
        HttpResponse<byte[]> r = http(sidecarA, "POST", "/v1.0/invoke/app-b/method/orders/42?status=201&x=y",
                Map.of("content-type", "application/json", "x-custom", "raw"), "{\"a\":1}".getBytes());
        assertEquals(201, r.statusCode());
        assertEquals("{\"a\":1}", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("POST", r.headers().firstValue("x-echo-method").orElse(""));
        assertEquals("/orders/42", r.headers().firstValue("x-echo-path").orElse(""));
        assertEquals("status=201&x=y", r.headers().firstValue("x-echo-query").orElse(""));
        assertEquals("raw", r.headers().firstValue("x-seen-x-custom").orElse(""));
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        assertEquals("app-b", r.headers().firstValue("x-seen-dapr-callee-app-id").orElse(""));
    }

    @Test
    void calleeTakesTheCallerFromItsCertificate() throws Exception {
        // the caller also sends a forged identity header: the callee sidecar replaces it
        HttpResponse<byte[]> r = http(sidecarA, "GET", "/v1.0/invoke/app-b/method/who",
                Map.of("dapr-caller-app-id", "forged"), null);
        assertEquals(200, r.statusCode());
        assertEquals("app-a", r.headers().firstValue("x-seen-dapr-caller-app-id").orElse(""));
        assertEquals("default", r.headers().firstValue("x-seen-dapr-caller-namespace").orElse(""));
        // a sidecar that calls itself app-a but holds a certificate for "mallory" is mallory to the callee
        try (Sidecar mallory = start("invoke-mallory", "app-a", ca, "mallory", 0)) {
            HttpResponse<byte[]> m = http(mallory, "GET", "/v1.0/invoke/app-b/method/who", Map.of(), null);
            assertEquals(200, m.statusCode(), new String(m.body(), StandardCharsets.UTF_8));
            assertEquals("mallory", m.headers().firstValue("x-seen-dapr-caller-app-id").orElse(""));
        }
    }

    @Test
    void accessPolicyJudgesTheCertificateIdentity() throws Exception {
        HttpResponse<byte[]> admin = http(sidecarA, "POST", "/v1.0/invoke/app-b/method/admin/reset", Map.of(), null);
        String body = new String(admin.body(), StandardCharsets.UTF_8);
        assertEquals(403, admin.statusCode(), body);
        assertTrue(body.contains("\"errorCode\":\"ERR_DIRECT_INVOKE\""), body);
        assertTrue(body.contains("access control policy has denied access to "), body);
        assertEquals(200, http(sidecarA, "GET", "/v1.0/invoke/app-b/method/orders/1", Map.of(), null).statusCode());
        // "mallory" calls itself app-a, but the callee judges the certificate: only GET /who is allowed
        try (Sidecar mallory = start("invoke-mallory-acl", "app-a", ca, "mallory", 0)) {
            assertEquals(200, http(mallory, "GET", "/v1.0/invoke/app-b/method/who", Map.of(), null).statusCode());
            HttpResponse<byte[]> denied = http(mallory, "GET", "/v1.0/invoke/app-b/method/orders/1", Map.of(), null);
            assertEquals(403, denied.statusCode(), new String(denied.body(), StandardCharsets.UTF_8));
            assertEquals(403, http(mallory, "POST", "/v1.0/invoke/app-b/method/who", Map.of(), null).statusCode());
        }
    }

    @Test
    void certificateFromAnotherAuthorityIsRefused() throws Exception {
        try (Sidecar stranger = start("invoke-stranger", "app-x", TestCertificates.authority("other-ca"), "app-x",
                0)) {
            HttpResponse<byte[]> r = http(stranger, "GET", "/v1.0/invoke/app-b/method/who", Map.of(), null);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertEquals(500, r.statusCode(), body);
            assertTrue(body.contains("\"errorCode\":\"ERR_DIRECT_INVOKE\""), body);
            assertTrue(body.contains("failed to invoke, id: app-b, err: "), body);
        }
    }

    @Test
    void largeBodyStreamsThrough() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(body);
        HttpResponse<byte[]> r = http(sidecarA, "POST", "/v1.0/invoke/app-b/method/upload",
                Map.of("content-type", "application/octet-stream"), body);
        assertEquals(200, r.statusCode());
        assertArrayEquals(body, r.body());
    }

    @Test
    void daprAppIdHeaderForm() throws Exception {
        HttpResponse<byte[]> r = http(sidecarA, "PATCH", "/items/9?k=v", Map.of("dapr-app-id", "app-b"),
                "x".getBytes());
        assertEquals(200, r.statusCode());
        assertEquals("/items/9", r.headers().firstValue("x-echo-path").orElse(""));
        assertEquals("PATCH", r.headers().firstValue("x-echo-method").orElse(""));
    }

    @Test
    void grpcInvokeServiceReachesAppB() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", sidecarA.grpcPort()).usePlaintext()
                .build();
        try {
            CommonProtos.InvokeResponse r = DaprGrpc.newBlockingStub(channel).invokeService(InvokeServiceRequest
                    .newBuilder().setId("app-b")
                    .setMessage(CommonProtos.InvokeRequest.newBuilder().setMethod("grpc/echo")
                            .setContentType("text/plain")
                            .setData(Any.newBuilder().setValue(ByteString.copyFromUtf8("hi")))
                            .setHttpExtension(CommonProtos.HTTPExtension.newBuilder()
                                    .setVerb(CommonProtos.HTTPExtension.Verb.POST)))
                    .build());
            assertEquals("hi", r.getData().getValue().toStringUtf8());
            assertEquals("text/plain", r.getContentType());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void grpcProxyingReachesAGrpcAppThroughItsSidecar() throws Exception {
        try (EchoGrpcApp appC = EchoGrpcApp.start();
                Sidecar sidecarC = start("invoke-c", "app-c", ca, "app-c", appC.port(), "--app-protocol", "grpc")) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", sidecarA.grpcPort()).usePlaintext()
                    .build();
            try {
                Metadata md = new Metadata();
                md.put(Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER), "app-c");
                // a forged identity: the callee sidecar replaces it with the certificate's
                md.put(Metadata.Key.of("dapr-caller-app-id", Metadata.ASCII_STRING_MARSHALLER), "forged");
                md.put(Metadata.Key.of("x-custom", Metadata.ASCII_STRING_MARSHALLER), "grpc");
                Channel toC = ClientInterceptors.intercept(channel,
                        MetadataUtils.newAttachHeadersInterceptor(md));
                byte[] body = new byte[200_000];
                new Random(5).nextBytes(body);
                assertArrayEquals(body,
                        ClientCalls.blockingUnaryCall(toC, EchoGrpcApp.ECHO, CallOptions.DEFAULT, body));
                assertEquals("app-a", appC.lastHeader("dapr-caller-app-id"));
                assertEquals("app-c", appC.lastHeader("dapr-callee-app-id"));
                assertEquals("grpc", appC.lastHeader("x-custom"));
                assertEquals(null, appC.lastHeader("dapr-app-id"));

                List<Byte> split = new ArrayList<>();
                ClientCalls.blockingServerStreamingCall(toC, EchoGrpcApp.SPLIT, CallOptions.DEFAULT,
                        new byte[] { 3, 1, 4 }).forEachRemaining(m -> split.add(m[0]));
                assertEquals(List.of((byte) 3, (byte) 1, (byte) 4), split);

                StatusRuntimeException e = Assertions.assertThrows(StatusRuntimeException.class,
                        () -> ClientCalls.blockingUnaryCall(toC, EchoGrpcApp.FAIL, CallOptions.DEFAULT,
                                new byte[0]));
                assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
                assertEquals("not now", e.getStatus().getDescription());
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void jsSdkInvokeReachesAppB() {
        JsSdk.run("invoke", "invoke.test.mjs", sidecarA, Map.of("TARGET_APP_ID", "app-b"));
    }

    @Test
    void unknownAppIsDirectInvokeError() throws Exception {
        HttpResponse<byte[]> r = http(sidecarA, "GET", "/v1.0/invoke/app-none/method/x", Map.of(), null);
        assertEquals(500, r.statusCode());
        assertEquals("{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, id: app-none, err: "
                + "no sidecar registered for app id app-none\"}", new String(r.body(), StandardCharsets.UTF_8));
    }
}
