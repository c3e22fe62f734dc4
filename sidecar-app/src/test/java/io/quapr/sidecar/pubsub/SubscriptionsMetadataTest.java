package io.quapr.sidecar.pubsub;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscription;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionType;
import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.app.TestAppResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata API lists the subscriptions with their type and rules, over HTTP and gRPC. */
@QuarkusTest
@WithTestResource(TestAppResource.class)
class SubscriptionsMetadataTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void httpListsDeclarativeAndProgrammaticSubscriptions() {
        TestApp.until(() -> given().get("/v1.0/metadata").jsonPath().getList("subscriptions.type")
                .contains("PROGRAMMATIC"), Duration.ofSeconds(10));

        JsonPath m = given().get("/v1.0/metadata").then().statusCode(200).extract().jsonPath();
        Map<String, Object> decl = m.getMap("subscriptions.find { it.topic == 'decl-orders' }");
        assertEquals("DECLARATIVE", decl.get("type"));
        assertEquals("pubsub", decl.get("pubsubname"));
        assertEquals("decl-dlq", decl.get("deadLetterTopic"));
        assertEquals(Map.of("some", "value"), decl.get("metadata"));
        assertEquals(List.of(Map.of("match", "event.data == \"special\"", "path", "/decl-special"),
                Map.of("path", "/decl")), decl.get("rules"));
        assertEquals("PROGRAMMATIC",
                m.getString("subscriptions.find { it.topic == 'decl-overridden' }.type"));
        assertFalse(m.getList("subscriptions.topic").contains("other-topic"), "scoped to another app");
        assertFalse(m.getList("subscriptions.topic").contains("no-route"), "no route, no subscription");
    }

    @Test
    void grpcListsTheSameSubscriptions() {
        TestApp.until(() -> dapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getSubscriptionsList()
                .stream().anyMatch(s -> s.getType() == PubsubSubscriptionType.PROGRAMMATIC), Duration.ofSeconds(10));

        List<PubsubSubscription> subs = dapr.getMetadata(GetMetadataRequest.getDefaultInstance())
                .getSubscriptionsList();
        PubsubSubscription routed = subs.stream().filter(s -> s.getTopic().equals("prog-routed")).findFirst()
                .orElseThrow();
        assertEquals(PubsubSubscriptionType.PROGRAMMATIC, routed.getType());
        assertEquals(3, routed.getRules().getRulesCount());
        assertEquals("event.type == 'urgent'", routed.getRules().getRules(0).getMatch());
        assertEquals("/normal", routed.getRules().getRules(2).getPath());
        PubsubSubscription v1 = subs.stream().filter(s -> s.getTopic().equals("decl-v1")).findFirst().orElseThrow();
        assertEquals(PubsubSubscriptionType.DECLARATIVE, v1.getType());
    }
}
