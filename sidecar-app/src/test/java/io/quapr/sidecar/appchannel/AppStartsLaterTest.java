package io.quapr.sidecar.appchannel;

import static io.restassured.RestAssured.given;

import io.quapr.sidecar.testing.app.ChannelTestApp;
import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.testsupport.net.LoopbackPorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sidecar is ready while nothing listens on the app port (no start-up ordering between
 * sidecar and app), and delivers to the app once it comes up.
 */
@QuarkusTest
@WithTestResource(AppStartsLaterTest.NoAppYet.class)
class AppStartsLaterTest {

    static volatile int appPort;

    /** An app port with nothing on it. */
    public static class NoAppYet implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            // below the ephemeral range: no port-0 bind of the sidecar can take it before the app does
            appPort = LoopbackPorts.next();
            return Map.of("quapr.app-port", Integer.toString(appPort));
        }

        @Override
        public void stop() {
            ChannelTestApp.stop(appPort);
        }
    }

    @Test
    void readyWithoutTheAppAndDeliversOnceItAnswers() throws InterruptedException {
        given().get("/v1.0/healthz").then().statusCode(204);

        ChannelTestApp.start(ChannelTestApp.Mode.HTTP, appPort);
        TestApp.until(() -> !given().get("/v1.0/metadata").jsonPath()
                .getList("subscriptions.findAll { it.topic == 'channel-orders' }").isEmpty(), Duration.ofSeconds(15));
        Thread.sleep(300);
        given().contentType("text/plain").body("late").post("/v1.0/publish/memory/channel-orders").then()
                .statusCode(204);
        TestApp.until(() -> ChannelTestApp.DELIVERED.contains("late"), Duration.ofSeconds(10));
    }
}
