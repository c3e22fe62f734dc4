package io.quapr.sidecar.kubernetes.injector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.testsupport.tls.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook over HTTPS, as the API server calls it: reviews, bad bodies, a renewed certificate. */
class InjectorServerTest {

    private static final String SPIFFE_ID = "spiffe://cluster.local/ns/quapr-system/sa/quapr-injector";

    @TempDir
    Path dir;

    private Vertx vertx;
    private InjectorServer server;
    private HttpClient client;
    private TestCertificates ca;
    private Path certFile;
    private Path keyFile;
    private int port;

    /** The answer to one request: status, body, and the certificate the server presented. */
    record Answer(int status, String body, X509Certificate served) {
    }

    @BeforeEach
    void start() throws Exception {
        ca = TestCertificates.authority("quapr-injector-ca");
        // laid out as the kubelet mounts a Secret: the files reached through a symlink to the
        // current version's folder, which a renewal swaps in one rename
        Path[] files = ca.issue(dir.resolve("gen1"), "tls", SPIFFE_ID);
        Files.createSymbolicLink(dir.resolve("current"), dir.resolve("gen1"));
        certFile = dir.resolve("current/tls.crt");
        keyFile = dir.resolve("current/tls.key");
        InjectorConfig config = InjectorConfig.from(Map.of("quapr.injector.port", "0",
                "quapr.injector.tls-cert-file", certFile.toString(), "quapr.injector.tls-key-file", keyFile.toString(),
                "quapr.injector.tls-reload-interval", "PT0.1S")::get);
        vertx = Vertx.vertx();
        server = new InjectorServer(vertx, config, new SidecarInjector(config));
        port = await(server.start());
        // a new connection per request, so each one sees the certificate in force
        client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false).setKeepAlive(false)
                .setTrustOptions(new PemTrustOptions().addCertPath(files[0].toString())));
    }

    @AfterEach
    void stop() throws Exception {
        await(server.stop());
        await(vertx.close());
    }

    @Test
    void aReviewIsAnsweredWithThePatch() throws Exception {
        Answer answer = call(HttpMethod.POST, "/mutate",
                Files.readString(Path.of(getClass().getResource("/injector/annotated-pod.json").toURI())));

        assertEquals(200, answer.status(), answer.body());
        JsonNode response = new ObjectMapper().readTree(answer.body()).path("response");
        assertEquals("705ab4f5-6393-11e8-b7cc-42010a800002", response.path("uid").asText());
        assertTrue(response.path("allowed").asBoolean());
        assertEquals("JSONPatch", response.path("patchType").asText());
        assertTrue(response.path("patch").asText().length() > 100, answer.body());
        assertEquals(200, call(HttpMethod.GET, "/healthz", null).status());
    }

    @Test
    void badBodiesGet400AndTheServerGoesOn() throws Exception {
        Answer notJson = call(HttpMethod.POST, "/mutate", "{not json");
        assertEquals(400, notJson.status());
        assertTrue(notJson.body().startsWith("the body is not JSON"), notJson.body());

        Answer notReview = call(HttpMethod.POST, "/mutate", "{\"kind\":\"Pod\"}");
        assertEquals(400, notReview.status());
        assertEquals("the body is not an AdmissionReview\n", notReview.body());

        Answer noUid = call(HttpMethod.POST, "/mutate", "{\"kind\":\"AdmissionReview\",\"request\":{}}");
        assertEquals(400, noUid.status());
        assertEquals("the AdmissionReview has no request with a uid\n", noUid.body());

        assertEquals(400, call(HttpMethod.POST, "/mutate", "").status());
        assertEquals(404, call(HttpMethod.GET, "/nothing", null).status());
        assertEquals(405, call(HttpMethod.GET, "/mutate", null).status());
        assertEquals(200, call(HttpMethod.GET, "/healthz", null).status());
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        BigInteger first = call(HttpMethod.GET, "/healthz", null).served().getSerialNumber();

        Path[] renewed = ca.issue(dir.resolve("gen2"), "tls", SPIFFE_ID);
        Files.createSymbolicLink(dir.resolve("next"), dir.resolve("gen2"));
        Files.move(dir.resolve("next"), dir.resolve("current"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        BigInteger expected = serial(renewed[1]);
        assertNotEquals(first, expected);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        BigInteger served = first;
        while (!served.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            served = call(HttpMethod.GET, "/healthz", null).served().getSerialNumber();
        }
        assertEquals(expected, served);
    }

    private Answer call(HttpMethod method, String path, String body) throws Exception {
        Future<Answer> answer = client.request(new RequestOptions().setMethod(method).setHost("localhost").setPort(port)
                .setURI(path)).compose(req -> {
                    Future<HttpClientResponse> sent = body == null
                            ? req.send()
                            : req.putHeader("Content-Type", "application/json").send(Buffer.buffer(body));
                    return sent.compose(resp -> resp.body().map(b -> {
                        try {
                            X509Certificate cert = (X509Certificate) req.connection().peerCertificates().get(0);
                            return new Answer(resp.statusCode(), b.toString(), cert);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                });
        return await(answer);
    }

    private static BigInteger serial(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSerialNumber();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
