package io.quapr.sidecar.appchannel;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.app.ChannelTestApp;
import io.quapr.sidecar.testing.app.ChannelTestAppResource;
import io.quapr.sidecar.testing.app.TestApp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code --app-max-concurrency 2}: pub/sub deliveries and service invocations of the app share
 * one bound; the app never holds more than two requests at once, and the rest wait, not fail.
 */
@QuarkusTest
@WithTestResource(AppMaxConcurrencyTest.App.class)
class AppMaxConcurrencyTest {

    /** The app, with a bound of two calls. */
    public static class App extends ChannelTestAppResource {

        public App() {
            super(ChannelTestApp.Mode.HTTP, Map.of("quapr.app-max-concurrency", "2"));
        }
    }

    @Test
    void theAppNeverSeesMoreThanTwoCallsAtOnce() {
        // up to 30 s: in two full runs the first /dapr/subscribe got no answer; the sidecar gives
        // that request 10 s and then asks again, so one lost answer must not fail this test
        TestApp.until(() -> !given().get("/v1.0/metadata").jsonPath()
                .getList("subscriptions.findAll { it.topic == 'channel-orders' }").isEmpty(), Duration.ofSeconds(30));
        sleep(300);
        ChannelTestApp.DELAY_MS.set(200);
        ChannelTestApp.MAX_IN_FLIGHT.set(0);

        List<CompletableFuture<Integer>> invocations = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            invocations.add(CompletableFuture.supplyAsync(
                    () -> given().post("/v1.0/invoke/testapp/method/slow").then().extract().statusCode()));
        }
        for (int i = 0; i < 6; i++) {
            given().contentType("text/plain").body("m-" + i).post("/v1.0/publish/memory/channel-orders").then()
                    .statusCode(204);
        }

        for (CompletableFuture<Integer> f : invocations) {
            assertEquals(200, f.join(), "an invocation beyond the bound waits, it does not fail");
        }
        TestApp.until(() -> ChannelTestApp.DELIVERED.size() == 6, Duration.ofSeconds(20));
        assertEquals(2, ChannelTestApp.MAX_IN_FLIGHT.get(), "at most two at once, and the bound is used");
        assertEquals(2, given().get("/v1.0/metadata").jsonPath().getInt("appConnectionProperties.maxConcurrency"));
        assertTrue(ChannelTestApp.IN_FLIGHT.get() == 0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
