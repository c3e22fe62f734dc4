package io.quapr.sidecar.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.kubernetes.DaprApiServer;
import io.quapr.sidecar.testing.kubernetes.FakeDynamoDb;
import io.quapr.sidecar.testing.kubernetes.KubernetesModeProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

/**
 * Dapr's DynamoDB Component as its docs show it ({@code kubernetes/dynamodb-from-docs.yaml}, the
 * credentials in a Kubernetes Secret) loads unchanged in Kubernetes mode: it is parsed, its
 * {@code secretKeyRef}s are read from the Secret, and the store signs its calls with that access
 * key (seen by {@link FakeDynamoDb}, a TEST-ONLY endpoint standing in for DynamoDB).
 */
@QuarkusTest
@TestProfile(KubernetesModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = DaprApiServer.class)
class DynamoDbFromDocsKubernetesTest {

    @Test
    void theComponentRunsWithTheCredentialsOfTheSecret() {
        given().get("/v1.0/metadata").then().statusCode(200).body("components.type", hasItem("state.aws.dynamodb"));
        given().get("/v1.0/state/statestore/contract-1").then().statusCode(204);
        assertTrue(FakeDynamoDb.authorizations().stream()
                .anyMatch(a -> a.contains("Credential=" + DaprApiServer.ACCESS_KEY + "/")),
                "no call signed with the Secret's access key: " + FakeDynamoDb.authorizations());
    }
}
