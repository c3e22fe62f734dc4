package io.quapr.sidecar.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.kubernetes.DaprApiServer;
import io.quapr.sidecar.testing.kubernetes.KubernetesModeWithAppProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A pub/sub component changed while the sidecar runs: the app's subscriptions move to the new
 * instance (the in-memory broker drops messages nobody subscribed to, so a delivery after the
 * change shows the subscription was started again on it).
 */
@QuarkusTest
@TestProfile(KubernetesModeWithAppProfile.class)
@WithKubernetesTestServer(crud = true, setup = DaprApiServer.class)
class PubSubHotReloadTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void subscriptionsMoveToTheNewInstance() {
        String before = "before-" + UUID.randomUUID();
        TestApp.until(() -> {
            publish("prog-orders", before);
            return !TestApp.deliveries("/orders", before).isEmpty();
        }, Duration.ofSeconds(15));

        // allowedTopics is read from the live component: once a topic outside it is refused, the new
        // instance is the one in place
        DaprApiServer.apply(server.getClient(), DaprApiServer.pubsub("""
                    - name: allowedTopics
                      value: prog-orders
                """));
        TestApp.until(() -> publish("not-allowed", "x") == 403, Duration.ofSeconds(10));
        given().contentType("text/plain").body("x").post("/v1.0/publish/pubsub/not-allowed").then()
                .body("errorCode", equalTo("ERR_PUBSUB_FORBIDDEN"));

        String after = "after-" + UUID.randomUUID();
        TestApp.until(() -> {
            publish("prog-orders", after);
            return !TestApp.deliveries("/orders", after).isEmpty();
        }, Duration.ofSeconds(15));
    }

    private static int publish(String topic, String data) {
        return given().contentType("text/plain").body(data).post("/v1.0/publish/pubsub/" + topic).statusCode();
    }
}
