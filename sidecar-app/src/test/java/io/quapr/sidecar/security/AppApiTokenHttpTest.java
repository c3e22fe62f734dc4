package io.quapr.sidecar.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.app.TestAppResource;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With {@code APP_API_TOKEN} set, the sidecar's calls to an HTTP app carry it as
 * {@code dapr-api-token}, whatever the message's metadata says.
 */
@QuarkusTest
@TestProfile(AppApiTokenProfile.class)
@WithTestResource(TestAppResource.class)
class AppApiTokenHttpTest {

    @Test
    void deliveriesCarryTheAppToken() {
        String data = "ok:" + UUID.randomUUID();
        TestApp.until(() -> MemoryPubSub.subscribed("pubsub", "prog-orders"), Duration.ofSeconds(10));
        given().contentType("text/plain").body(data).queryParam("metadata.dapr-api-token", "forged")
                .post("/v1.0/publish/pubsub/prog-orders").then().statusCode(204);

        TestApp.Delivery d = TestApp.await("/orders", data);
        assertEquals(AppApiTokenProfile.TOKEN, d.headers().get("dapr-api-token"));
    }
}
