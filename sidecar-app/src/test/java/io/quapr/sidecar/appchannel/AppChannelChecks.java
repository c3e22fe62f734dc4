package io.quapr.sidecar.appchannel;

import static io.restassured.RestAssured.given;

import io.quapr.sidecar.testing.app.ChannelTestApp;
import io.quapr.sidecar.testing.app.TestApp;
import java.time.Duration;

/** What the {@code --app-protocol} tests share: a delivery reaches the app, over which transport. */
final class AppChannelChecks {

    private AppChannelChecks() {
    }

    /** Publishes one event once the app is subscribed, and returns the transport it arrived over. */
    static String deliverOne(String data) {
        TestApp.until(() -> !given().get("/v1.0/metadata").jsonPath()
                .getList("subscriptions.findAll { it.topic == 'channel-orders' }").isEmpty(), Duration.ofSeconds(10));
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        given().contentType("text/plain").body(data).post("/v1.0/publish/memory/channel-orders").then()
                .statusCode(204);
        TestApp.until(() -> ChannelTestApp.DELIVERED.contains(data), Duration.ofSeconds(10));
        int i = ChannelTestApp.DELIVERED.indexOf(data);
        return ChannelTestApp.TRANSPORTS.get(i);
    }

    /** Invokes the app's {@code /slow} and returns the status. */
    static int invoke() {
        return given().post("/v1.0/invoke/testapp/method/slow").then().extract().statusCode();
    }

}
