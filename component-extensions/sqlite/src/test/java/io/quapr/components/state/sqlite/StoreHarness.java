package io.quapr.components.state.sqlite;

import io.quapr.conformance.MutableClock;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the store tests share: one Vert.x, one clock a test moves, fresh database files under
 * {@code target/}, and stores opened from plain metadata maps and closed at the end.
 * <p>
 * A test class declares it as {@code @RegisterExtension final StoreHarness h = new StoreHarness();}:
 * JUnit makes one test instance, so one harness, per test method and closes it after each.
 */
final class StoreHarness implements AutoCloseable, AfterEachCallback {

    static final Duration WAIT = Duration.ofSeconds(30);

    final Vertx vertx = Vertx.vertx();
    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00.250Z"));
    private final Path dir;
    private final List<SqliteStateStore> open = new ArrayList<>();

    StoreHarness() {
        dir = Path.of("target", "test-dbs", UUID.randomUUID().toString()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            // a field initializer cannot throw checked exceptions
            throw new UncheckedIOException(e);
        }
    }

    /** A database file path in this harness's folder (not created). */
    Path file(String name) {
        return dir.resolve(name);
    }

    ComponentContext context() {
        return new ComponentContext(vertx, clock, "test", "", dir);
    }

    /** Opens a store on {@code db.sqlite} in this harness's folder, with extra metadata. */
    SqliteStateStore open(String... keyValues) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("connectionString", file("db.sqlite").toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            md.put(keyValues[i], keyValues[i + 1]);
        }
        return open(md);
    }

    SqliteStateStore open(Map<String, String> metadata) {
        SqliteStateStore store = new SqliteStateStore();
        await(store.init(bind(metadata), context()));
        open.add(store);
        return store;
    }

    static ComponentMetadata bind(Map<String, String> metadata) {
        return ComponentMetadata.bind("test", metadata, MetadataSchema.of(SqliteStateStore.class), Set.of())
                .metadata();
    }

    void closeStore(SqliteStateStore store) {
        open.remove(store);
        await(store.close());
    }

    /** A raw JDBC connection to a file, to look at what the store wrote as daprd would see it. */
    static Connection raw(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    /** The failure of {@code uni}, unwrapped from the {@code CompletionException} that await adds for checked ones. */
    static Throwable failure(Uni<?> uni) {
        try {
            uni.await().atMost(WAIT);
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(GetResponse r) {
        return r.data() == null ? null : new String(r.data(), StandardCharsets.UTF_8);
    }

    static GetResponse get(SqliteStateStore store, String key) {
        return await(store.get(GetRequest.of(key)));
    }

    static void set(SqliteStateStore store, String key, String json) {
        await(store.set(SetRequest.of(key, utf8(json))));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        for (SqliteStateStore s : List.copyOf(open)) {
            await(s.close());
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
