package io.quapr.sidecar.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.app.GrpcTestApp;
import io.quapr.sidecar.testing.app.GrpcTestAppResource;
import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With {@code APP_API_TOKEN} set, the sidecar's calls to a gRPC app carry it as metadata. */
@QuarkusTest
@TestProfile(AppApiTokenProfile.class)
@WithTestResource(GrpcTestAppResource.class)
class AppApiTokenGrpcTest {

    @Test
    void eventsCarryTheAppToken() {
        String data = "ok-" + UUID.randomUUID();
        TestApp.until(() -> MemoryPubSub.subscribed("pubsub", "grpc-orders"), Duration.ofSeconds(10));
        given().contentType("text/plain").body(data).queryParam("metadata.dapr-api-token", "forged")
                .post("/v1.0/publish/pubsub/grpc-orders").then().statusCode(204);

        assertEquals(AppApiTokenProfile.TOKEN, GrpcTestApp.await("orders", data).headers().get("dapr-api-token"));
    }
}
