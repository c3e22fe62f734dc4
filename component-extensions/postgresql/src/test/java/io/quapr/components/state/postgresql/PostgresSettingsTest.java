package io.quapr.components.state.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The component fields, bound against metadata.yaml as the sidecar binds them. */
class PostgresSettingsTest {

    private static PostgresSettings settings(Map<String, String> fields) {
        Map<String, String> raw = new HashMap<>(fields);
        raw.putIfAbsent("connectionString", "host=h user=u password=p dbname=d");
        ComponentMetadata md = ComponentMetadata
                .bind("pg", raw, MetadataSchema.of(PostgresStateStore.class), Set.of()).metadata();
        return PostgresSettings.from(md, Map.of());
    }

    @Test
    void defaultsAreDaprds() {
        PostgresSettings s = settings(Map.of());
        assertEquals("state", s.tableName());
        assertEquals("dapr_metadata", s.metadataTableName());
        assertEquals(Duration.ofSeconds(20), s.timeout());
        assertEquals(Duration.ofHours(1), s.cleanupInterval());
    }

    @Test
    void fieldsOverrideTheConnectionString() {
        PostgresSettings s = settings(Map.of("connectionString", "postgres://a:b@c:1/e", "host", "h2", "port", "2",
                "user", "u2", "password", "p2", "database", "d2"));
        assertEquals("h2", s.client().connect().getHost());
        assertEquals(2, s.client().connect().getPort());
        assertEquals("u2", s.client().connect().getUser());
        assertEquals("p2", s.client().connect().getPassword());
        assertEquals("d2", s.client().connect().getDatabase());
    }

    @Test
    void schemaQualifiedTableNames() {
        PostgresSettings s = settings(Map.of("tableName", "public.my_state", "metadataTableName", "meta$1"));
        assertEquals("public.my_state", s.tableName());
        assertEquals("meta$1", s.metadataTableName());
        assertThrows(MetadataException.class, () -> settings(Map.of("tableName", "state; DROP TABLE x")));
        assertThrows(MetadataException.class, () -> settings(Map.of("tableName", "a.b.c")));
    }

    @Test
    void cleanupIntervalZeroOrNegativeDisablesIt() {
        assertNull(settings(Map.of("cleanupInterval", "0")).cleanupInterval());
        assertNull(settings(Map.of("cleanupInterval", "-1")).cleanupInterval());
        assertEquals(Duration.ofMinutes(10), settings(Map.of("cleanupInterval", "10m")).cleanupInterval());
    }

    @Test
    void timeoutBelowOneSecondIsRefused() {
        assertThrows(MetadataException.class, () -> settings(Map.of("timeout", "500ms")));
        assertEquals(Duration.ofSeconds(30), settings(Map.of("timeout", "30")).timeout());
    }

    @Test
    void connectionStringIsRequired() {
        assertThrows(MetadataException.class, () -> ComponentMetadata.bind("pg", Map.of(),
                MetadataSchema.of(PostgresStateStore.class), Set.of()));
    }
}
