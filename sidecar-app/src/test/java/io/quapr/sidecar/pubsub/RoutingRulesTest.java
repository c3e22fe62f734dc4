package io.quapr.sidecar.pubsub;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.app.TestAppResource;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routing rules: CEL over {@code event}, first match wins, then the default route. */
@QuarkusTest
@WithTestResource(TestAppResource.class)
class RoutingRulesTest {

    @Test
    void eventTypeRuleMatchesFirst() {
        String id = UUID.randomUUID().toString();
        publishJson("prog-routed", "{\"n\": 50, \"id\": \"" + id + "\"}", "urgent");

        TestApp.await(d -> d.path().equals("/urgent") && id.equals(d.event().path("data").path("id").asText()),
                Duration.ofSeconds(10));
    }

    @Test
    void dataFieldRuleComparesNumbers() {
        String id = UUID.randomUUID().toString();
        publishJson("prog-routed", "{\"n\": 11.5, \"id\": \"" + id + "\"}", null);

        TestApp.await(d -> d.path().equals("/big") && id.equals(d.event().path("data").path("id").asText()),
                Duration.ofSeconds(10));
    }

    @Test
    void noMatchingRuleTakesTheDefaultRoute() {
        String id = UUID.randomUUID().toString();
        publishJson("prog-routed", "{\"n\": 1, \"id\": \"" + id + "\"}", null);

        TestApp.await(d -> d.path().equals("/normal") && id.equals(d.event().path("data").path("id").asText()),
                Duration.ofSeconds(10));
    }

    @Test
    void withoutADefaultAnUnmatchedEventIsNotDelivered() {
        String small = UUID.randomUUID().toString();
        String big = UUID.randomUUID().toString();
        publishJson("prog-matchonly", "{\"n\": 1, \"id\": \"" + small + "\"}", null);
        publishJson("prog-matchonly", "{\"n\": 99, \"id\": \"" + big + "\"}", null);

        TestApp.await(d -> d.path().equals("/big") && big.equals(d.event().path("data").path("id").asText()),
                Duration.ofSeconds(10));
        assertTrue(TestApp.deliveries("/big", small).isEmpty());
    }

    @Test
    void declarativeRulesRouteToo() {
        TestApp.until(() -> MemoryPubSub.subscribed("pubsub", "decl-orders"), Duration.ofSeconds(10));
        given().contentType("application/json").body("\"special\"").post("/v1.0/publish/pubsub/decl-orders").then()
                .statusCode(204);

        TestApp.await(d -> d.path().equals("/decl-special"), Duration.ofSeconds(10));
    }

    private static void publishJson(String topic, String json, String type) {
        TestApp.until(() -> MemoryPubSub.subscribed("pubsub", topic), Duration.ofSeconds(10));
        var request = given().contentType("application/json").body(json);
        if (type != null) {
            request = request.queryParam("metadata.cloudevent.type", type);
        }
        request.post("/v1.0/publish/pubsub/" + topic).then().statusCode(204);
    }
}
