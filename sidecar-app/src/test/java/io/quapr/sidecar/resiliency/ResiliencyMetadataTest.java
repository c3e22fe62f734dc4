package io.quapr.sidecar.resiliency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The resiliency in force shows in {@code GET /v1.0/metadata} as the extended attribute
 * {@code quapr.resiliency} (daprd shows none): the resources in scope and each listed target's
 * resolved policies.
 */
@QuarkusTest
@WithTestResource(ResiliencyTestResource.class)
class ResiliencyMetadataTest {

    @Test
    void metadataListsResourcesAndTargets() {
        given().get("/v1.0/metadata").then().statusCode(200)
                .body("extended.'quapr.resiliency'", containsString("\"resources\":[\"test-resiliency\"]"))
                .body("extended.'quapr.resiliency'", not(containsString("other-apps-resiliency")))
                .body("extended.'quapr.resiliency'", containsString("\"components.flakystore.outbound\":{"
                        + "\"timeout\":\"storeTimeout (1000ms)\",\"retry\":\"storeRetry (constant(10ms), maxRetries 1)\","
                        + "\"circuitBreaker\":\"storeBreaker (maxRequests 1, interval 0ms, timeout 5000ms, trip consecutiveFailures >= 4)\"}"))
                .body("extended.'quapr.resiliency'", containsString("\"components.resilientpubsub/slow.inbound\""));
    }
}
