package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.TestWorkflowWorker;
import io.quapr.sidecar.workflow.WorkflowRuntime;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata API over HTTP, in daprd's JSON shape. */
@QuarkusTest
class MetadataHttpTest {

    @Inject
    WorkflowRuntime workflows;

    @Test
    void describesTheSidecarAndItsComponents() {
        given().get("/v1.0/metadata").then().statusCode(200)
                .body("id", equalTo("testapp"))
                .body("runtimeVersion", not(emptyOrNullString()))
                .body("components.find { it.name == 'statestore' }.type", equalTo("state.in-memory"))
                .body("components.find { it.name == 'statestore' }.version", equalTo("v1"))
                .body("components.find { it.name == 'statestore' }.capabilities", hasItems("ETAG", "TRANSACTIONAL"))
                .body("components.find { it.name == 'secretstore' }.type", equalTo("secretstores.local.file"))
                .body("actorRuntime.runtimeStatus", equalTo("DISABLED"));
    }

    @Test
    void workflowsCountTheConnectedWorkers() {
        int idle = workflows.connectedWorkers();
        try (TestWorkflowWorker worker = TestWorkflowWorker.connect(workflows.engine())) {
            given().get("/v1.0/metadata").then().statusCode(200)
                    .body("workflows.connectedWorkers", equalTo(idle + 1));
        }
        Map<String, Object> after = given().get("/v1.0/metadata").then().statusCode(200).extract()
                .path("workflows");
        if (idle == 0) {
            // daprd's JSON: the object always, the count only when not zero
            assertEquals(Map.of(), after);
        } else {
            assertEquals(idle, after.get("connectedWorkers"));
        }
    }

    @Test
    void putSetsAnExtendedAttribute() {
        given().body("world").put("/v1.0/metadata/http-attr").then().statusCode(204);

        given().get("/v1.0/metadata").then().statusCode(200).body("extended.http-attr", equalTo("world"));
    }
}
