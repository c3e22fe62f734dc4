package io.quapr.components.secretstores.local.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The env store against a given environment, in both case modes, with and without a prefix. */
class LocalEnvSecretStoreTest {

    private static final Map<String, String> ENV = Map.of(
            "TEST_SECRET", "test1",
            "test_secret2", "test2",
            "TEST_", "exactly the prefix",
            "FOO", "bar",
            "APP_API_TOKEN", "hidden",
            "DAPR_API_TOKEN", "hidden",
            "dapr_lower", "hidden");

    @Test
    void withoutPrefixEveryAllowedVariableIsASecret() {
        LocalEnvSecretStore store = store(Map.of(), false);

        assertEquals(Map.of("FOO", "bar"), get(store, "FOO"));
        assertEquals(Set.of(), store.features());
        assertEquals(Map.of("TEST_SECRET", Map.of("TEST_SECRET", "test1"), "test_secret2",
                Map.of("test_secret2", "test2"), "TEST_", Map.of("TEST_", "exactly the prefix"), "FOO",
                Map.of("FOO", "bar")), bulk(store));
    }

    @Test
    void anUnsetVariableIsAnEmptyValueNotAnError() {
        assertEquals(Map.of("NOPE", ""), get(store(Map.of(), false), "NOPE"));
    }

    @Test
    void namesAreCaseSensitiveExceptOnWindows() {
        assertEquals(Map.of("test_secret", ""), get(store(Map.of(), false), "test_secret"));
        assertEquals(Map.of("test_secret", "test1"), get(store(Map.of(), true), "test_secret"));
    }

    @Test
    void sidecarTokensAndDaprVariablesAreNeverExposed() {
        LocalEnvSecretStore store = store(Map.of(), false);

        assertEquals(Map.of("APP_API_TOKEN", ""), get(store, "APP_API_TOKEN"));
        assertEquals(Map.of("DAPR_API_TOKEN", ""), get(store, "DAPR_API_TOKEN"));
        assertEquals(Map.of("dapr_lower", ""), get(store, "dapr_lower"));
    }

    @Test
    void prefixIsAddedOnGetAndStrippedOnBulkGet() {
        LocalEnvSecretStore store = store(Map.of("prefix", "TEST_"), false);

        assertEquals(Map.of("SECRET", "test1"), get(store, "SECRET"));
        // a variable that is exactly the prefix has no name left, so bulkGet skips it
        assertEquals(Map.of("SECRET", Map.of("SECRET", "test1")), bulk(store));
    }

    @Test
    void prefixMatchesIgnoringCaseOnWindows() {
        LocalEnvSecretStore store = store(Map.of("prefix", "TEST_"), true);

        assertEquals(Map.of("SECRET", Map.of("SECRET", "test1"), "secret2", Map.of("secret2", "test2")),
                bulk(store));
        assertEquals(Map.of("secret2", "test2"), get(store, "secret2"));
    }

    @Test
    void aDaprPrefixDoesNotOpenTheDaprVariables() {
        assertEquals(Map.of("API_TOKEN", ""), get(store(Map.of("prefix", "DAPR_"), false), "API_TOKEN"));
        assertEquals(Map.of(), bulk(store(Map.of("prefix", "DAPR_"), false)));
        assertEquals(Map.of("API_TOKEN", ""), get(store(Map.of("prefix", "dapr_"), true), "API_TOKEN"));
    }

    @Test
    void theSidecarInstanceReadsTheProcessEnvironment() {
        // set for the test JVM by this module's pom
        LocalEnvSecretStore store = new LocalEnvSecretStore();
        store.init(metadata(Map.of("prefix", "QUAPR_CONF_")), null).await().indefinitely();

        assertEquals(Map.of("SECRET", "s3cret"), get(store, "SECRET"));
        assertEquals(Map.of("SECRET", "s3cret"), bulk(store).get("SECRET"));
    }

    private static LocalEnvSecretStore store(Map<String, String> raw, boolean windows) {
        LocalEnvSecretStore store = new LocalEnvSecretStore(() -> ENV, windows);
        store.init(metadata(raw), null).await().indefinitely();
        return store;
    }

    private static ComponentMetadata metadata(Map<String, String> raw) {
        return ComponentMetadata.bind("localenv", raw, MetadataSchema.of(LocalEnvSecretStore.class), Set.of())
                .metadata();
    }

    private static Map<String, String> get(LocalEnvSecretStore store, String name) {
        return store.get(name, Map.of()).await().indefinitely();
    }

    private static Map<String, Map<String, String>> bulk(LocalEnvSecretStore store) {
        return store.bulkGet(Map.of()).await().indefinitely();
    }
}
