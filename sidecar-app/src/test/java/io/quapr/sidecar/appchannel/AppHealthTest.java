package io.quapr.sidecar.appchannel;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.app.ChannelTestApp;
import io.quapr.sidecar.testing.app.ChannelTestAppResource;
import io.quapr.sidecar.testing.app.TestApp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * App health checks: the app turns unhealthy after the threshold of failed probes, pub/sub
 * delivery waits while it is unhealthy and every message arrives, exactly once, when it is
 * healthy again; invocations are refused while it is unhealthy; the metadata API reports the
 * settings as daprd does.
 */
@QuarkusTest
@WithTestResource(AppHealthTest.App.class)
class AppHealthTest {

    /** The app, probed every 400 ms with a 200 ms timeout, unhealthy after 3 failures. */
    public static class App extends ChannelTestAppResource {

        public App() {
            super(ChannelTestApp.Mode.HTTP, Map.of("quapr.app-health.enabled", "true",
                    "quapr.app-health.probe-interval", "400ms", "quapr.app-health.probe-timeout", "200ms",
                    "quapr.app-health.threshold", "3"));
        }
    }

    @Test
    void deliveryPausesWhileTheAppIsUnhealthyAndResumesWithNothingLost() {
        TestApp.until(() -> "healthy".equals(appHealth()) && subscribed(), Duration.ofSeconds(10));
        sleep(300); // the subscription is listed before the component has it
        publish("before");
        TestApp.until(() -> ChannelTestApp.DELIVERED.contains("before"), Duration.ofSeconds(10));

        ChannelTestApp.HEALTH_STATUS.set(503);
        TestApp.until(() -> ChannelTestApp.FAILED_PROBES.get() >= 2, Duration.ofSeconds(10));
        if (ChannelTestApp.FAILED_PROBES.get() == 2) {
            // two failures are below the threshold (a probe every 400 ms leaves time to look)
            assertEquals("healthy", appHealth());
        }
        TestApp.until(() -> "unhealthy".equals(appHealth()), Duration.ofSeconds(10));
        assertTrue(ChannelTestApp.FAILED_PROBES.get() >= 3, "unhealthy only after 3 failed probes");

        given().post("/v1.0/invoke/testapp/method/slow").then().statusCode(500)
                .body("errorCode", Matchers.equalTo("ERR_DIRECT_INVOKE"))
                .body("message", Matchers.containsString("app is not in a healthy state"));

        List<String> paused = List.of("paused-1", "paused-2", "paused-3");
        paused.forEach(AppHealthTest::publish);
        sleep(1500);
        assertTrue(Collections.disjoint(ChannelTestApp.DELIVERED, paused),
                "nothing is delivered while the app is unhealthy: " + ChannelTestApp.DELIVERED);

        ChannelTestApp.HEALTH_STATUS.set(200);
        TestApp.until(() -> ChannelTestApp.DELIVERED.containsAll(paused), Duration.ofSeconds(10));
        assertEquals("healthy", appHealth());
        given().post("/v1.0/invoke/testapp/method/slow").then().statusCode(200);
        sleep(300);
        for (String p : paused) {
            assertEquals(1, Collections.frequency(ChannelTestApp.DELIVERED, p), p + " delivered once");
        }
    }

    @Test
    void metadataReportsTheHealthCheckAsDaprdDoes() {
        JsonPath health = given().get("/v1.0/metadata").then().statusCode(200).extract().jsonPath();
        assertEquals("/healthz", health.getString("appConnectionProperties.health.healthCheckPath"));
        assertEquals("400ms", health.getString("appConnectionProperties.health.healthProbeInterval"));
        assertEquals("200ms", health.getString("appConnectionProperties.health.healthProbeTimeout"));
        assertEquals(3, health.getInt("appConnectionProperties.health.healthThreshold"));
    }

    private static String appHealth() {
        return given().get("/v1.0/metadata").jsonPath().getString("extended.appHealth");
    }

    private static boolean subscribed() {
        return !given().get("/v1.0/metadata").jsonPath()
                .getList("subscriptions.findAll { it.topic == 'channel-orders' }").isEmpty();
    }

    private static void publish(String data) {
        given().contentType("text/plain").body(data).post("/v1.0/publish/memory/channel-orders").then()
                .statusCode(204);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
