package io.quapr.sidecar.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quapr.sidecar.testing.kubernetes.DaprApiServer;
import io.quapr.sidecar.testing.kubernetes.KubernetesModeProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes mode's built-in secret store: {@code kubernetes} answers every key of a Secret,
 * decoded, and is the store of a Component's {@code secretKeyRef} when it names no
 * {@code auth.secretStore} (here a secret store's own {@code prefix}).
 */
@QuarkusTest
@TestProfile(KubernetesModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = DaprApiServer.class)
class SecretsFromKubernetesTest {

    @Test
    void theBuiltInStoreAnswersEveryKeyOfASecretDecoded() {
        given().get("/v1.0/secrets/kubernetes/app-secret").then().statusCode(200)
                .body("username", equalTo("admin")).body("password", equalTo("s3cr=t w1th spaces"));
        given().get("/v1.0/secrets/kubernetes/bulk").then().statusCode(200)
                .body("'app-secret'.password", equalTo("s3cr=t w1th spaces"))
                .body("'env-prefix'.prefix", equalTo("QUAPR_K8S_TEST_"));
    }

    @Test
    void aMissingSecretIsDaprdsError() {
        given().get("/v1.0/secrets/kubernetes/no-such-secret").then().statusCode(500)
                .body("errorCode", equalTo("ERR_SECRET_GET"));
    }

    @Test
    void aSecretKeyRefWithoutAuthSecretStoreIsReadFromKubernetes() {
        // envsecrets' prefix is the Secret env-prefix's key 'prefix': QUAPR_K8S_TEST_
        given().get("/v1.0/secrets/envsecrets/GREETING").then().statusCode(200).body("GREETING", equalTo("hello"));
    }
}
