package io.quapr.sidecar.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A workflow started through the packaged sidecar, with no worker connected: its metadata record is
 * written to and read back from state.sqlite (the records Jackson binds by reflection).
 */
@QuarkusIntegrationTest
class NativeWorkflowIT {

    @Test
    void startedInstanceIsStoredAndReadBack() {
        String id = "nit-" + UUID.randomUUID();
        given().body("{\"amount\":5}").post("/v1.0/workflows/dapr/approval/start?instanceID=" + id).then()
                .statusCode(202).body("instanceID", equalTo(id));

        given().get("/v1.0/workflows/dapr/" + id).then().statusCode(200)
                .body("instanceID", equalTo(id))
                .body("workflowName", equalTo("approval"))
                .body("properties.'dapr.workflow.input'", equalTo("{\"amount\":5}"));
    }
}
