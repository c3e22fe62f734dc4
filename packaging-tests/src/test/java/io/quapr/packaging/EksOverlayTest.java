package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The EKS overlay gives the example's service account an IAM role (IRSA) and the app its AWS
 * components: DynamoDB and SNS/SQS on the default credential chain, and one store with keys from a
 * Secret that the app's role may read.
 */
class EksOverlayTest {

    private static final Set<String> KEY_FIELDS = Set.of("accessKey", "secretKey", "sessionToken");

    private static final Manifests OVERLAY = Manifests.eksOverlay();
    private static final Manifest APP = Manifests.bundle().get("Deployment", "nodeapp");

    @Test
    void theAppsServiceAccountGetsAnIamRole() {
        String account = APP.at("/spec/template/spec/serviceAccountName").asString();
        Manifest annotated = OVERLAY.get("ServiceAccount", account);
        assertEquals(APP.namespace(), annotated.namespace());
        assertTrue(annotated.at("/metadata/annotations/eks.amazonaws.com~1role-arn").asString()
                .matches("arn:aws:iam::\\d{12}:role/.+"), "an IAM role ARN");
    }

    @Test
    void dynamoDbAndSnsSqsUseTheDefaultCredentialChain() {
        for (String type : List.of("state.aws.dynamodb", "pubsub.aws.snssqs")) {
            assertTrue(OVERLAY.ofKind("Component").anyMatch(c -> c.at("/spec/type").asString().equals(type)
                    && metadataNames(c).stream().noneMatch(KEY_FIELDS::contains)),
                    "no " + type + " component without keys");
        }
    }

    @Test
    void theStoreTheAppUsesIsOnDynamoDb() {
        Manifest store = OVERLAY.get("Component", "statestore");
        assertEquals("state.aws.dynamodb", store.at("/spec/type").asString());
        assertFalse(metadataNames(store).stream().anyMatch(KEY_FIELDS::contains), "credentials from IRSA, not keys");
    }

    @Test
    void keysComeFromASecretTheAppMayRead() {
        Manifest keyed = OVERLAY.ofKind("Component").filter(c -> c.at("/spec/metadata").valueStream()
                .anyMatch(m -> m.has("secretKeyRef"))).findFirst()
                .orElseThrow(() -> new AssertionError("no component with a secretKeyRef"));
        assertFalse(keyed.at("/auth/secretStore").asString().isEmpty(), "auth.secretStore names the store");
        List<String> readable = Manifests.bundle().ofKind("Role").filter(r -> r.namespace().equals(APP.namespace()))
                .flatMap(r -> r.at("/rules").valueStream())
                .filter(rule -> Manifest.texts(rule.path("resources")).contains("secrets"))
                .flatMap(rule -> Manifest.texts(rule.path("resourceNames")).stream()).toList();
        for (JsonNode entry : keyed.at("/spec/metadata")) {
            if (entry.has("secretKeyRef")) {
                String secret = entry.at("/secretKeyRef/name").asString();
                assertTrue(readable.contains(secret), "the app's role may not read the Secret " + secret);
            }
        }
    }

    @Test
    void componentsLiveInTheAppsNamespaceAndScope() {
        String appId = APP.at("/spec/template/metadata/annotations/dapr.io~1app-id").asString();
        OVERLAY.ofKind("Component").forEach(c -> {
            assertEquals(APP.namespace(), c.namespace(), c + " is not in the app's namespace");
            List<String> scopes = Manifest.texts(c.at("/scopes"));
            assertTrue(scopes.isEmpty() || scopes.contains(appId), c + " is not scoped to " + appId);
        });
    }

    private static List<String> metadataNames(Manifest component) {
        return component.at("/spec/metadata").valueStream().map(m -> m.path("name").asString()).toList();
    }
}
