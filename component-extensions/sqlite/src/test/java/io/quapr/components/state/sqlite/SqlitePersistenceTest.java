package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.StoreHarness.await;
import static io.quapr.components.state.sqlite.StoreHarness.get;
import static io.quapr.components.state.sqlite.StoreHarness.set;
import static io.quapr.components.state.sqlite.StoreHarness.text;
import static io.quapr.components.state.sqlite.StoreHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a store wrote is there after close and a new init on the same file, ETags included. */
class SqlitePersistenceTest {

    @RegisterExtension
    final StoreHarness h = new StoreHarness();

    @Test
    void stateSurvivesCloseAndReopen() {
        SqliteStateStore first = h.open();
        set(first, "json", "{\"n\":1}");
        await(first.set(SetRequest.of("bytes", new byte[] { 1, 2, 3 })));
        await(first.set(new SetRequest("ttl", utf8("1"), null, Map.of(SetRequest.TTL_IN_SECONDS, "60"),
                StateOptions.DEFAULT)));
        String etag = get(first, "json").etag();
        h.closeStore(first);

        SqliteStateStore second = h.open();
        GetResponse json = get(second, "json");
        assertEquals("{\"n\":1}", text(json));
        assertEquals(etag, json.etag());
        assertArrayEquals(new byte[] { 1, 2, 3 }, get(second, "bytes").data());
        assertEquals("2030-01-01T00:01:00Z", get(second, "ttl").metadata().get(GetResponse.TTL_EXPIRE_TIME));
        await(second.set(new SetRequest("json", utf8("2"), etag, Map.of(), StateOptions.DEFAULT)));
    }

    @Test
    void aClosedStoreRefusesCalls() {
        SqliteStateStore store = h.open();
        h.closeStore(store);
        assertTrue(StoreHarness.failure(store.get(GetRequest.of("k"))) instanceof SQLException);
    }

    @Test
    void missingParentFoldersAreCreated() {
        var nested = h.file("a/b/c/state.db");
        SqliteStateStore store = h.open(Map.of("connectionString", nested.toString()));
        set(store, "k", "1");
        assertTrue(Files.isRegularFile(nested));
    }

    @Test
    void aRelativePathIsResolvedAgainstTheWorkingDirectory() {
        String relative = "target/test-dbs/relative-" + System.nanoTime() + "/state.db";
        SqliteStateStore store = h.open(Map.of("connectionString", relative));
        set(store, "k", "1");
        assertTrue(Files.isRegularFile(Path.of(relative).toAbsolutePath()));
    }
}
