package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundle's CRD schemas take Dapr resources as Dapr users write them (the fixtures of
 * {@code src/test/resources/dapr}, one per kind and shape) and refuse broken ones: each refusal
 * case is a valid fixture with one mistake.
 */
class DaprResourcesTest {

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        URL folder = DaprResourcesTest.class.getResource("/dapr");
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void daprYamlIsAccepted(Path fixture) {
        List<Manifest> resources = Manifests.read(fixture).all();
        assertFalse(resources.isEmpty(), fixture + " holds no resource");
        for (Manifest resource : resources) {
            assertEquals(List.of(), ManifestValidator.forBundle().problems(resource), resource + " is refused");
        }
    }

    @Test
    void componentWithoutTypeIsRefused() {
        assertRefused("/spec", "required property 'type'",
                fixture("dynamodb-secretkeyref.yaml").replace("  type: state.aws.dynamodb\n", ""));
    }

    @Test
    void componentTypeThatIsANumberIsRefused() {
        assertRefused("/spec/type", "integer found, string expected",
                fixture("dynamodb-secretkeyref.yaml").replace("type: state.aws.dynamodb", "type: 42"));
    }

    @Test
    void secretKeyRefWithoutNameIsRefused() {
        assertRefused("/spec/metadata/1/secretKeyRef", "required property 'name'",
                fixture("dynamodb-secretkeyref.yaml").replace("      name: aws-keys\n      key: access-key",
                        "      key: access-key"));
    }

    @Test
    void misspelledSpecFieldIsRefused() {
        assertRefused("/spec", "'ignoreError'",
                fixture("redis-unquoted-values.yaml").replace("ignoreErrors: true", "ignoreError: true"));
    }

    @Test
    void scopesThatAreNotAListAreRefused() {
        assertRefused("/scopes", "string found, array expected",
                fixture("subscription-v1alpha1.yaml").replace("scopes:\n- billing", "scopes: billing"));
    }

    @Test
    void routingRuleWithoutPathIsRefused() {
        assertRefused("/spec/routes/rules/0", "required property 'path'",
                fixture("subscription-v2alpha1.yaml").replace("      path: /orders/created\n", ""));
    }

    @Test
    void retryCountThatIsNotANumberIsRefused() {
        assertRefused("/spec/policies/retries/transient/maxRetries", "string found, integer expected",
                fixture("resiliency.yaml").replace("maxRetries: 5", "maxRetries: five"));
    }

    @Test
    void unknownConfigurationSectionIsRefused() {
        assertRefused("/spec", "'tracin'", fixture("configuration.yaml").replace("  tracing:", "  tracin:"));
    }

    @Test
    void metadataOfACustomResourceIsCheckedAsAnyObjectsMetadata() {
        assertRefused("/metadata", "'nmae'", fixture("subscription-v1alpha1.yaml").replace("  name: payments",
                "  nmae: payments"));
    }

    private static void assertRefused(String location, String reason, String yaml) {
        List<String> problems = ManifestValidator.forBundle().problems(Manifests.parse("test", yaml).all().get(0));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(location + ":") && p.contains(reason)),
                "expected a problem at '" + location + "' saying " + reason + ", got " + problems);
    }

    private static String fixture(String name) {
        try (InputStream in = DaprResourcesTest.class.getResourceAsStream("/dapr/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
