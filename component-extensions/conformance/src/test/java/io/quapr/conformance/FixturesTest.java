package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.state.fakeplain.FakePlainStateStore;
import io.quapr.spi.ComponentMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixturesTest {

    @TempDir
    Path dir;

    private void write(String name, String yaml) throws IOException {
        Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void readsAComponentResource() throws IOException {
        write("state.fakeplain.yaml", """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: mystore
                spec:
                  type: state.fakeplain
                  version: v1
                  metadata:
                    - name: flavour
                      value: mint
                    - name: port
                      value: 6379
                """);
        Fixtures.Resource r = new Fixtures(dir).resource("state.fakeplain");
        assertEquals("mystore", r.name());
        assertEquals(Map.of("flavour", "mint", "port", "6379"), r.metadata());
    }

    @Test
    void readsAnnotationsAsHints() throws IOException {
        write("pubsub.x.yaml", """
                metadata:
                  name: bus
                  annotations:
                    conformance.quapr.io/durable-subscriptions: "true"
                spec:
                  type: pubsub.x
                """);
        assertEquals(Map.of("conformance.quapr.io/durable-subscriptions", "true"),
                new Fixtures(dir).resource("pubsub.x").annotations());
        assertEquals(Map.of(), new Fixtures(dir).resource("pubsub.none").annotations());
    }

    @Test
    void noFileMeansEmptyMetadata() {
        assertEquals(Map.of(), new Fixtures(dir).resource("state.none").metadata());
        assertEquals(Map.of(), new Fixtures(null).resource("state.none").metadata());
    }

    @Test
    void aFixtureForAnotherTypeIsRefused() throws IOException {
        write("state.fakeplain.yaml", "spec:\n  type: state.redis\n");
        assertThrows(IllegalStateException.class, () -> new Fixtures(dir).resource("state.fakeplain"));
    }

    @Test
    void bindsAgainstMetadataYamlWithDefaults() throws IOException {
        ComponentMetadata none = new Fixtures(dir).bind(FakePlainStateStore.class);
        assertEquals("vanilla", none.string("flavour", null));
        write("state.fakeplain.yaml", """
                spec:
                  metadata:
                    - name: FLAVOUR
                      value: mint
                    - name: keyPrefix
                      value: none
                """);
        ComponentMetadata set = new Fixtures(dir).bind(FakePlainStateStore.class);
        assertEquals("mint", set.string("flavour", null));
    }

    @Test
    void aKeyMissingFromMetadataYamlIsRefused() throws IOException {
        write("state.fakeplain.yaml", "spec:\n  metadata:\n    - name: colour\n      value: red\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Fixtures(dir).bind(FakePlainStateStore.class));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
    }

    @Test
    void readsExpectedSecrets() throws IOException {
        write("secretstores.x.expected.yaml", """
                db:
                  user: admin
                  port: 5432
                token:
                  token: abc
                """);
        assertEquals(Map.of("db", Map.of("user", "admin", "port", "5432"), "token", Map.of("token", "abc")),
                new Fixtures(dir).expectedSecrets("secretstores.x").orElseThrow());
        assertTrue(new Fixtures(dir).expectedSecrets("secretstores.y").isEmpty());
    }
}
