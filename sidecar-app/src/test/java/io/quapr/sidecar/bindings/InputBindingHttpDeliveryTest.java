package io.quapr.sidecar.bindings;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.bindings.BindingsTestResource;
import io.quapr.sidecar.testing.bindings.TestQueueBinding;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Input binding events reach an HTTP app as daprd sends them ({@code POST} to the route, metadata
 * as headers), are acknowledged only after a 2xx, and are redelivered by their source otherwise.
 */
@QuarkusTest
@WithTestResource(BindingsTestResource.class)
class InputBindingHttpDeliveryTest {

    @Test
    void anEventGoesToTheRouteWithItsMetadataAsHeaders() {
        String data = "ok:" + UUID.randomUUID();
        awaitReading();
        TestQueueBinding.offer("queue", event(data), Map.of("X-Source", "queue-test"));

        TestApp.Delivery d = TestApp.await("/queue-in", data);
        assertEquals("application/json", d.headers().get("content-type"));
        assertEquals("queue-test", d.headers().get("x-source"));
        TestApp.until(() -> TestQueueBinding.acked("queue").contains(event(data)), Duration.ofSeconds(5));
        assertEquals(1, TestQueueBinding.attempts("queue", event(data)));
    }

    @Test
    void aRefusedEventIsLeftToTheSourceAndAckedOnceAccepted() {
        String data = "500-then-ok:" + UUID.randomUUID();
        awaitReading();
        TestQueueBinding.offer("queue", event(data), Map.of());

        TestApp.until(() -> TestQueueBinding.acked("queue").contains(event(data)), Duration.ofSeconds(5));
        assertEquals(2, TestQueueBinding.attempts("queue", event(data)), "the 500 left it with the source");
        assertEquals(2, TestApp.deliveries("/queue-in", data).size());
        assertEquals(1, TestQueueBinding.acked("queue").stream().filter(event(data)::equals).count());
    }

    @Test
    void anOutputCallOnTheSameComponentComesBackAsInput() {
        String data = "ok:" + UUID.randomUUID();
        awaitReading();
        given().body("{\"operation\":\"create\",\"data\":" + event(data) + "}").post("/v1.0/bindings/queue").then()
                .statusCode(200).header("metadata.queued", "true");

        TestApp.await("/queue-in", data);
    }

    @Test
    void anOutputOnlyBindingIsNotRead() {
        awaitReading();
        assertFalse(TestQueueBinding.reading("outbox"));
    }

    @Test
    void cronTriggersTheAppWithDaprdsMetadata() {
        // the first request to /tick is the OPTIONS question; the runs carry daprd's metadata
        TestApp.Delivery d = TestApp.await(x -> x.path().equals("/tick") && x.headers().containsKey("readtimeutc"),
                Duration.ofSeconds(10));
        assertEquals("Local", d.headers().get("timezone"));
        assertTrue(d.headers().get("readtimeutc").endsWith(" +0000 UTC"), d.headers().get("readtimeutc"));
        assertEquals(0, d.body().length);
    }

    private static void awaitReading() {
        TestApp.until(() -> TestQueueBinding.reading("queue"), Duration.ofSeconds(10));
    }

    /** The event body: a JSON object whose {@code data} tells the test app how to answer. */
    private static String event(String data) {
        return "{\"id\":\"" + data + "\",\"data\":\"" + data + "\"}";
    }
}
