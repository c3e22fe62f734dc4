package io.quapr.components.secretstores.local.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.secrets.SecretFeature;
import io.quapr.spi.secrets.SecretNotFoundException;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store against a real file: both flattening modes, paths, and broken files. */
class LocalFileSecretStoreTest {

    /** Relative on purpose: Surefire runs in the module folder, as daprd runs where it was started. */
    private static final String NESTED = "src/test/resources/secrets/nested-secrets.json";

    private static Vertx vertx;
    private static ComponentContext context;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        context = new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("target"));
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void singleValuedMakesEveryLeafASecretNamedByItsPath() {
        LocalFileSecretStore store = init(Map.of("secretsFile", NESTED));

        assertEquals(Set.of(), store.features());
        assertEquals(Map.of("redisPassword", "r3dis"), get(store, "redisPassword"));
        assertEquals(Map.of("connectionStrings:sql", "Server=db;User=sa"), get(store, "connectionStrings:sql"));
        assertEquals(Map.of("connectionStrings:nosql:replicas:1", "mongodb://c"),
                get(store, "connectionStrings:nosql:replicas:1"));
        assertEquals(Map.of("port", "6379"), get(store, "port"));
        assertEquals(Map.of("enabled", "true"), get(store, "enabled"));
        assertEquals(Map.of("empty", ""), get(store, "empty"));
        assertEquals(List.of("redisPassword", "connectionStrings:sql", "connectionStrings:nosql:primary",
                "connectionStrings:nosql:replicas:0", "connectionStrings:nosql:replicas:1", "port", "enabled", "empty"),
                List.copyOf(bulk(store).keySet()));
        // an inner object is not a secret of its own in this mode
        assertThrows(SecretNotFoundException.class, () -> get(store, "connectionStrings"));
    }

    @Test
    void nestedSeparatorJoinsThePath() {
        LocalFileSecretStore store = init(Map.of("secretsFile", NESTED, "nestedSeparator", "."));

        assertEquals(Map.of("connectionStrings.nosql.primary", "mongodb://a"),
                get(store, "connectionStrings.nosql.primary"));
        assertThrows(SecretNotFoundException.class, () -> get(store, "connectionStrings:nosql:primary"));
    }

    @Test
    void multiValuedMakesEveryTopLevelKeyASecretWithItsLeavesFlattenedBelowIt() {
        LocalFileSecretStore store = init(Map.of("secretsFile", NESTED, "multiValued", "true"));

        assertEquals(Set.of(SecretFeature.MULTIPLE_KEY_VALUES_PER_SECRET), store.features());
        assertEquals(Map.of("sql", "Server=db;User=sa", "nosql:primary", "mongodb://a",
                "nosql:replicas:0", "mongodb://b", "nosql:replicas:1", "mongodb://c"),
                get(store, "connectionStrings"));
        assertEquals(Map.of("redisPassword", "r3dis"), get(store, "redisPassword"));
        assertEquals(Map.of("port", "6379"), get(store, "port"));
        assertEquals(List.of("redisPassword", "connectionStrings", "port", "enabled", "empty"),
                List.copyOf(bulk(store).keySet()));
        assertEquals(get(store, "connectionStrings"), bulk(store).get("connectionStrings"));
        assertThrows(SecretNotFoundException.class, () -> get(store, "connectionStrings:sql"));
    }

    @Test
    void multiValuedUsesTheSeparatorBelowTheTopLevelOnly() {
        LocalFileSecretStore store = init(Map.of("secretsFile", NESTED, "multiValued", "yes", "nestedSeparator", "/"));

        assertEquals("mongodb://b", get(store, "connectionStrings").get("nosql/replicas/0"));
    }

    @Test
    void missingSecretIsSecretNotFoundNamingIt() {
        LocalFileSecretStore store = init(Map.of("secretsFile", NESTED));

        SecretNotFoundException e = assertThrows(SecretNotFoundException.class, () -> get(store, "nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void absolutePathWorksToo() throws Exception {
        Path file = Files.writeString(tmp.resolve("s.json"), "{\"a\":{\"b\":\"c\"}}");

        assertEquals(Map.of("a:b", "c"), get(init(Map.of("secretsFile", file.toString())), "a:b"));
    }

    @Test
    void missingSecretsFileKeyIsAMetadataError() {
        MetadataException e = assertThrows(MetadataException.class, () -> init(Map.of("multiValued", "true")));
        assertTrue(e.getMessage().contains("secretsFile"), e.getMessage());
    }

    @Test
    void missingFileFailsInitNamingTheAbsolutePath() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> init(Map.of("secretsFile", "no/such.json")));
        assertTrue(e.getMessage().contains(Path.of("no/such.json").toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void fileThatIsNotAJsonObjectFailsInit() throws Exception {
        Path array = Files.writeString(tmp.resolve("array.json"), "[\"a\"]");
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"a\": ");
        Path empty = Files.writeString(tmp.resolve("empty.json"), "");

        for (Path file : List.of(array, broken, empty)) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> init(Map.of("secretsFile", file.toString())));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    private static LocalFileSecretStore init(Map<String, String> raw) {
        ComponentMetadata metadata = ComponentMetadata
                .bind("localfile", new LinkedHashMap<>(raw), MetadataSchema.of(LocalFileSecretStore.class), Set.of())
                .metadata();
        LocalFileSecretStore store = new LocalFileSecretStore();
        store.init(metadata, context).await().indefinitely();
        return store;
    }

    private static Map<String, String> get(LocalFileSecretStore store, String name) {
        return store.get(name, Map.of()).await().indefinitely();
    }

    private static Map<String, Map<String, String>> bulk(LocalFileSecretStore store) {
        return store.bulkGet(Map.of()).await().indefinitely();
    }
}
