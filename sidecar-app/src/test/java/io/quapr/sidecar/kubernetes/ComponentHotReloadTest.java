package io.quapr.sidecar.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.kubernetes.DaprApiServer;
import io.quapr.sidecar.testing.kubernetes.KubernetesModeProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hot reload in Kubernetes mode: Components created, changed and deleted in the API server while
 * the sidecar runs are started, replaced and closed, as seen through the sidecar's own API.
 */
@QuarkusTest
@TestProfile(KubernetesModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = DaprApiServer.class)
class ComponentHotReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void aStateStoreIsStartedReplacedAndClosed() {
        given().get("/v1.0/state/orders/o-1").then().statusCode(400)
                .body("errorCode", equalTo("ERR_STATE_STORE_NOT_FOUND"));

        DaprApiServer.apply(server.getClient(), orders(""));
        TestApp.until(() -> componentNames().contains("orders"), WAIT);
        given().contentType("application/json").body("[{\"key\":\"o-1\",\"value\":\"coffee\"}]")
                .post("/v1.0/state/orders").then().statusCode(204);
        given().get("/v1.0/state/orders/o-1").then().statusCode(200).body(equalTo("\"coffee\""));

        // a changed resource is a new instance: the in-memory store starts empty
        DaprApiServer.apply(server.getClient(), orders("""
                    - name: keyPrefix
                      value: none
                """));
        TestApp.until(() -> given().get("/v1.0/state/orders/o-1").statusCode() == 204, WAIT);
        given().contentType("application/json").body("[{\"key\":\"o-2\",\"value\":\"tea\"}]")
                .post("/v1.0/state/orders").then().statusCode(204);
        given().get("/v1.0/state/orders/o-2").then().statusCode(200).body(equalTo("\"tea\""));

        DaprApiServer.delete(server.getClient(), DaprResourceKind.COMPONENT, "orders");
        TestApp.until(() -> !componentNames().contains("orders"), WAIT);
        given().get("/v1.0/state/orders/o-2").then().statusCode(400)
                .body("errorCode", equalTo("ERR_STATE_STORE_NOT_FOUND"));
    }

    @Test
    void aChangedMetadataValueIsInForceWithoutARestart() {
        DaprApiServer.apply(server.getClient(), greetings("QUAPR_K8S_TEST_"));
        TestApp.until(() -> given().get("/v1.0/secrets/greetings/GREETING").statusCode() == 200, WAIT);
        given().get("/v1.0/secrets/greetings/GREETING").then().body("GREETING", equalTo("hello"));

        DaprApiServer.apply(server.getClient(), greetings("QUAPR_K8S_OTHER_"));
        TestApp.until(() -> "bonjour".equals(given().get("/v1.0/secrets/greetings/GREETING").jsonPath()
                .getString("GREETING")), WAIT);

        DaprApiServer.delete(server.getClient(), DaprResourceKind.COMPONENT, "greetings");
        TestApp.until(() -> given().get("/v1.0/secrets/greetings/GREETING").statusCode() == 401, WAIT);
        given().get("/v1.0/secrets/greetings/GREETING").then().body("errorCode",
                equalTo("ERR_SECRET_STORE_NOT_FOUND"));
    }

    @Test
    void aChangeThatFailsWithIgnoreErrorsTakesTheComponentOut() {
        DaprApiServer.apply(server.getClient(), orders("").replace("name: orders", "name: carts"));
        TestApp.until(() -> componentNames().contains("carts"), WAIT);

        // daprd: neither the old nor the new configuration stays registered
        DaprApiServer.apply(server.getClient(), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: carts
                spec:
                  type: state.no-such-store
                  version: v1
                  ignoreErrors: true
                """);
        TestApp.until(() -> !componentNames().contains("carts"), WAIT);
        given().get("/v1.0/state/carts/c-1").then().statusCode(400)
                .body("errorCode", equalTo("ERR_STATE_STORE_NOT_FOUND"));
        DaprApiServer.delete(server.getClient(), DaprResourceKind.COMPONENT, "carts");
    }

    private static List<String> componentNames() {
        return given().get("/v1.0/metadata").jsonPath().getList("components.name");
    }

    private static String orders(String extraMetadata) {
        return """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: orders
                spec:
                  type: state.in-memory
                  version: v1
                  metadata:
                """ + extraMetadata;
    }

    private static String greetings(String prefix) {
        return """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: greetings
                spec:
                  type: secretstores.local.env
                  version: v1
                  metadata:
                    - name: prefix
                      value: %s
                """.formatted(prefix);
    }
}
