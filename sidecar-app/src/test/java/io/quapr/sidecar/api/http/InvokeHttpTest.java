package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.invoke.InternalServer;
import io.quapr.sidecar.testing.invoke.EchoApp;
import io.quapr.sidecar.testing.invoke.EchoAppResource;
import io.quapr.sidecar.testing.invoke.PeerRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP service invocation through the sidecar: to its own app directly, and to "another" app
 * whose sidecar is this one again, registered under another app id in the name resolution file,
 * so the call crosses the internal gRPC server as a call between two sidecars does.
 */
@QuarkusTest
@WithTestResource(EchoAppResource.class)
class InvokeHttpTest {

    @Inject
    InternalServer internal;

    @BeforeEach
    void registerPeers() throws Exception {
        PeerRegistry.register("otherapp", "localhost:" + internal.port());
        PeerRegistry.register("deadapp", "127.0.0.1:1");
    }

    @Test
    void ownAppGetsVerbPathQueryHeadersAndBody() {
        given().body("hello").contentType("text/plain").header("x-custom", "v1").queryParam("a", "1")
                .put("/v1.0/invoke/testapp/method/orders/42").then().statusCode(200).body(equalTo("hello"))
                .header("x-echo-method", "PUT").header("x-echo-path", "/orders/42").header("x-echo-query", "a=1")
                .header("x-seen-x-custom", "v1").header("x-seen-dapr-caller-app-id", "testapp")
                .header("x-seen-dapr-callee-app-id", "testapp").header("content-type", startsWith("text/plain"));
    }

    @Test
    void anotherAppThroughItsSidecarKeepsStatusHeadersAndBody() {
        given().body("{\"id\":7}").contentType("application/json").header("x-custom", "v2")
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .post("/v1.0/invoke/otherapp/method/orders?status=201&x=y").then().statusCode(201)
                .body(equalTo("{\"id\":7}")).header("x-echo-method", "POST").header("x-echo-path", "/orders")
                .header("x-echo-query", "status=201&x=y").header("x-seen-x-custom", "v2")
                .header("x-seen-traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .header("x-seen-dapr-caller-app-id", "testapp").header("content-type", "application/json");
    }

    @Test
    void appErrorStatusesComeBackAsTheAppSentThem() {
        given().get("/v1.0/invoke/otherapp/method/missing?status=404").then().statusCode(404)
                .header("x-echo-method", "GET");
        given().delete("/v1.0/invoke/otherapp/method/x?status=500").then().statusCode(500)
                .header("x-echo-method", "DELETE");
    }

    @Test
    void daprAppIdHeaderRoutesAnyPath() {
        given().header("dapr-app-id", "otherapp").body("b").post("/v1.0/state/orders").then().statusCode(200)
                .header("x-echo-path", "/v1.0/state/orders").body(equalTo("b"));
    }

    @Test
    void basicAuthFormRoutesAnyPath() {
        given().auth().preemptive().basic("dapr-app-id", "otherapp").get("/some/path").then().statusCode(200)
                .header("x-echo-path", "/some/path");
    }

    @Test
    void largeBodiesStreamThroughUnchanged() {
        byte[] body = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(body);
        Response r = given().body(body).contentType("application/octet-stream")
                .post("/v1.0/invoke/otherapp/method/upload");
        r.then().statusCode(200);
        assertArrayEquals(body, r.asByteArray());
    }

    @Test
    void unknownAppIsDirectInvokeError() {
        given().get("/v1.0/invoke/nosuchapp/method/x").then().statusCode(500)
                .body("errorCode", equalTo("ERR_DIRECT_INVOKE"))
                .body("message",
                        equalTo("failed to invoke, id: nosuchapp, err: no sidecar registered for app id nosuchapp"));
    }

    @Test
    void unreachableSidecarIsDirectInvokeErrorAfterDaprdsBuiltInRetries() {
        long started = System.nanoTime();
        given().get("/v1.0/invoke/deadapp/method/x").then().statusCode(500)
                .body("errorCode", equalTo("ERR_DIRECT_INVOKE"))
                .body("message",
                        startsWith("failed to invoke, id: deadapp, err: failed to invoke target deadapp after 3"
                                + " retries. Error: rpc error: code = Unavailable desc = connection error: "));
        long millis = (System.nanoTime() - started) / 1_000_000;
        // DaprBuiltInServiceRetries: 3 retries 1 s apart
        assertTrue(millis >= 3000, "took " + millis + " ms");
    }

    @Test
    void missingMethodIsNotFound() {
        given().get("/v1.0/invoke/otherapp").then().statusCode(404).body("errorCode", equalTo("ERR_DIRECT_INVOKE"))
                .body("message",
                        equalTo("failed getting app id either from the URL path or the header dapr-app-id"));
    }

    @Test
    void urlEncodedExternalUrlIsCalledDirectly() {
        String base = URLEncoder.encode("http://127.0.0.1:" + EchoApp.start(),
                StandardCharsets.UTF_8);
        given().urlEncodingEnabled(false).body("ext").post("/v1.0/invoke/" + base + "/method/ext/path?q=1").then()
                .statusCode(200).body(equalTo("ext")).header("x-echo-path", "/ext/path").header("x-echo-query", "q=1");
    }

    @Test
    void otherApisStillAnswer() {
        given().get("/v1.0/healthz").then().statusCode(204);
    }
}
