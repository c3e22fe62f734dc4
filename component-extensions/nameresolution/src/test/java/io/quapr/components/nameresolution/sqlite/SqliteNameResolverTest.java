package io.quapr.components.nameresolution.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.nameresolution.AppNotFoundException;
import io.quapr.spi.nameresolution.Registration;
import io.quapr.spi.nameresolution.ResolveRequest;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two resolvers on one file, as two sidecars on one machine. */
class SqliteNameResolverTest {

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    private SqliteNameResolver open(Map<String, String> raw) {
        SqliteNameResolver r = new SqliteNameResolver();
        ComponentMetadata md = ComponentMetadata
                .bind("nr", raw, MetadataSchema.of(SqliteNameResolver.class), Set.of()).metadata();
        r.init(md, new ComponentContext(vertx, Clock.systemUTC(), "a", "", dir)).await().indefinitely();
        return r;
    }

    @Test
    void aRegisteredSidecarIsFoundByAnotherOnTheSameFile() {
        SqliteNameResolver a = open(Map.of());
        SqliteNameResolver b = open(Map.of());
        a.register(new Registration("app-a", "", "127.0.0.1", 50010)).await().indefinitely();
        b.register(new Registration("app-b", "", "127.0.0.1", 50020)).await().indefinitely();

        assertEquals("127.0.0.1:50020", a.resolve(new ResolveRequest("app-b", "", 50002)).await().indefinitely());
        assertEquals("127.0.0.1:50010", b.resolve(new ResolveRequest("app-a", "", 50002)).await().indefinitely());
        assertTrue(dir.resolve("nameresolution.db").toFile().isFile(), "default file in the data dir");

        b.close().await().indefinitely();
        AppNotFoundException gone = assertThrows(AppNotFoundException.class,
                () -> a.resolve(new ResolveRequest("app-b", "", 50002)).await().indefinitely());
        assertEquals("no sidecar registered for app id app-b", gone.getMessage());
        a.close().await().indefinitely();
    }

    @Test
    void namespacesAreSeparate() {
        SqliteNameResolver a = open(Map.of("connectionString", dir.resolve("other.db").toString()));
        a.register(new Registration("app-a", "prod", "127.0.0.1", 50010)).await().indefinitely();
        assertThrows(AppNotFoundException.class,
                () -> a.resolve(new ResolveRequest("app-a", "dev", 50002)).await().indefinitely());
        assertEquals("127.0.0.1:50010", a.resolve(new ResolveRequest("app-a", "prod", 1)).await().indefinitely());
        a.close().await().indefinitely();
    }
}
