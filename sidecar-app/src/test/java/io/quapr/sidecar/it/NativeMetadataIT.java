package io.quapr.sidecar.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The metadata API of the packaged sidecar: the app id from the environment, each component found by
 * its Dapr type, its capabilities from the component itself.
 */
@QuarkusIntegrationTest
class NativeMetadataIT {

    @Test
    void listsTheComponentsOfTheResourcesFolder() {
        given().get("/v1.0/metadata").then().statusCode(200)
                .body("id", equalTo("nativeit"))
                .body("runtimeVersion", matchesPattern("\\d+\\.\\d+\\.\\d+-quapr"))
                .body("components.find { it.name == 'statestore' }.type", equalTo("state.sqlite"))
                .body("components.find { it.name == 'statestore' }.capabilities",
                        hasItems("ETAG", "TRANSACTIONAL", "TTL"))
                .body("components.find { it.name == 'pubsub' }.type", equalTo("pubsub.in-memory"))
                .body("components.find { it.name == 'secretstore' }.type", equalTo("secretstores.local.file"));
    }
}
