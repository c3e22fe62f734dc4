package io.quapr.components.state.postgresql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.conformance.MutableClock;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.KeysLikeStateStore.KeysPage;
import io.quapr.spi.state.QueryableStateStore.QueryItem;
import io.quapr.spi.state.QueryableStateStore.QueryResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.StateOptions;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store against the real PostgreSQL on loopback, in tables of its own: daprd's layout, value
 * encoding, ETags, first-write, TTL with a moved clock, clean-up, transactions, query and
 * keys-like. Each test uses keys of its own, so the order of tests does not matter.
 */
class PostgresStateStoreTest {

    private static final String TABLE = "quapr_unit_state";
    private static final String META = "quapr_unit_metadata";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AS_JSON = Map.of("contentType", "application/json");

    private static Vertx vertx;
    private static Pool admin;
    private static MutableClock clock;
    private static PostgresStateStore store;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        admin = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(5432)
                .setUser("postgres").setPassword("").setDatabase("test")).using(vertx).build();
        sql("DROP TABLE IF EXISTS " + TABLE);
        sql("DROP TABLE IF EXISTS " + META);
        clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        store = newStore();
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close().await().atMost(WAIT);
        }
        admin.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static PostgresStateStore newStore() {
        return newStore(Map.of("connectionString", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
                "tableName", TABLE, "metadataTableName", META));
    }

    private static PostgresStateStore newStore(Map<String, String> fields) {
        ComponentMetadata md = ComponentMetadata.bind("unit", fields, MetadataSchema.of(PostgresStateStore.class),
                Set.of()).metadata();
        PostgresStateStore s = new PostgresStateStore();
        s.init(md, new ComponentContext(vertx, clock, "app", "", Path.of("target"))).await().atMost(WAIT);
        return s;
    }

    private static RowSet<Row> sql(String text, Object... params) {
        Tuple t = Tuple.tuple();
        for (Object p : params) {
            t.addValue(p);
        }
        return admin.preparedQuery(text).execute(t).toCompletionStage().toCompletableFuture().join();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SetRequest set(String key, String value, String etag, Concurrency c, Map<String, String> md) {
        return new SetRequest(key, utf8(value), etag, md, new StateOptions(c, Consistency.UNSPECIFIED));
    }

    private static GetResponse get(String key) {
        return await(store.get(GetRequest.of(key)));
    }

    @Test
    void tablesHaveDaprdsLayout() {
        List<String> columns = new ArrayList<>();
        for (Row r : sql("SELECT column_name, data_type, is_nullable, is_identity FROM information_schema.columns"
                + " WHERE table_name = $1 ORDER BY ordinal_position", TABLE)) {
            columns.add(r.getString(0) + " " + r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
        }
        assertEquals(List.of("key text NO NO", "value jsonb NO NO", "isbinary boolean NO NO",
                "insertdate timestamp with time zone NO NO", "updatedate timestamp with time zone YES NO",
                "expiredate timestamp with time zone YES NO", "row_id bigint NO YES"), columns);
        assertEquals(1, sql("SELECT 1 FROM pg_indexes WHERE tablename = $1 AND indexname = $2", TABLE,
                TABLE + "_row_id_uidx").size());
        assertEquals("3", sql("SELECT value FROM " + META + " WHERE key = 'migrations'").iterator().next()
                .getString(0));
        // a second instance (or daprd) finds everything in place
        await(newStore().close());
    }

    @Test
    void upgradesATableAnOlderDaprdCreated() {
        String old = "quapr_unit_old_state";
        String oldMeta = "quapr_unit_old_metadata";
        sql("DROP TABLE IF EXISTS " + old);
        sql("DROP TABLE IF EXISTS " + oldMeta);
        // daprd's first migration only, and its level record
        sql("CREATE TABLE " + oldMeta + " (key text NOT NULL PRIMARY KEY, value text NOT NULL)");
        sql("INSERT INTO " + oldMeta + " (key, value) VALUES ('migrations', '1')");
        sql("CREATE TABLE " + old + " (key text NOT NULL PRIMARY KEY, value jsonb NOT NULL, isbinary boolean NOT NULL,"
                + " insertdate TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(), updatedate TIMESTAMP WITH TIME ZONE NULL)");
        sql("INSERT INTO " + old
                + " (key, value, isbinary, insertdate) VALUES ('b', '1', false, now() - interval '1 h'),"
                + " ('a', '2', false, now())");
        PostgresStateStore upgraded = newStore(Map.of("connectionString", "host=127.0.0.1 user=postgres dbname=test",
                "tableName", old, "metadataTableName", oldMeta));
        try {
            assertEquals("3", sql("SELECT value FROM " + oldMeta + " WHERE key = 'migrations'").iterator().next()
                    .getString(0));
            List<String> byRowId = new ArrayList<>();
            sql("SELECT key FROM " + old + " ORDER BY row_id").forEach(r -> byRowId.add(r.getString(0)));
            assertEquals(List.of("b", "a"), byRowId, "back-filled in insertdate order");
            await(upgraded.set(SetRequest.of("c", utf8("3"))));
            assertEquals(3L, sql("SELECT row_id FROM " + old + " WHERE key = 'c'").iterator().next().getLong(0));
            assertEquals("1", new String(await(upgraded.get(GetRequest.of("b"))).data(), StandardCharsets.UTF_8));
        } finally {
            await(upgraded.close());
        }
    }

    @Test
    void anUnreachableServerFailsInit() {
        ComponentMetadata md = ComponentMetadata.bind("down", Map.of("connectionString",
                "host=127.0.0.1 port=1 user=postgres dbname=test sslmode=disable", "timeout", "2s"),
                MetadataSchema.of(PostgresStateStore.class), Set.of()).metadata();
        PostgresStateStore s = new PostgresStateStore();
        assertThrows(Exception.class, () -> s.init(md, new ComponentContext(vertx, clock, "app", "", Path.of("target")))
                .await().atMost(WAIT));
        await(s.close());
    }

    @Test
    void jsonIsStoredAsJsonbAndBinaryAsBase64() throws Exception {
        await(store.set(set("enc||json", "{\"b\":2,\"a\":[1,\"x\"]}", null, Concurrency.UNSPECIFIED, AS_JSON)));
        Row row = sql("SELECT value::text, isbinary FROM " + TABLE + " WHERE key = 'enc||json'").iterator().next();
        assertEquals("{\"a\": [1, \"x\"], \"b\": 2}", row.getString(0));
        assertFalse(row.getBoolean(1));
        assertEquals(JSON.readTree("{\"b\":2,\"a\":[1,\"x\"]}"), JSON.readTree(get("enc||json").data()));

        byte[] raw = { 0, 1, 2, (byte) 0xFF };
        await(store.set(SetRequest.of("enc||bin", raw)));
        row = sql("SELECT value::text, isbinary FROM " + TABLE + " WHERE key = 'enc||bin'").iterator().next();
        assertEquals("\"AAEC/w==\"", row.getString(0));
        assertTrue(row.getBoolean(1));
        assertArrayEquals(raw, get("enc||bin").data());

        // JSON without a JSON content type is opaque bytes, kept exactly
        await(store.set(SetRequest.of("enc||plain", utf8("{\"b\":2}"))));
        assertTrue(sql("SELECT isbinary FROM " + TABLE + " WHERE key = 'enc||plain'").iterator().next().getBoolean(0));
        assertEquals("{\"b\":2}", new String(get("enc||plain").data(), StandardCharsets.UTF_8));
    }

    @Test
    void readsRowsDaprdWrote() {
        sql("INSERT INTO " + TABLE + " (key, value, isbinary) VALUES ('daprd||bin', '\"aGk=\"', true),"
                + " ('daprd||json', '{\"x\": 1}', false)");
        GetResponse bin = get("daprd||bin");
        assertEquals("hi", new String(bin.data(), StandardCharsets.UTF_8));
        assertEquals(sql("SELECT xmin::text FROM " + TABLE + " WHERE key = 'daprd||bin'").iterator().next()
                .getString(0), bin.etag());
        assertEquals("{\"x\": 1}", new String(get("daprd||json").data(), StandardCharsets.UTF_8));
    }

    @Test
    void etagsAreTransactionIds() {
        String key = "etag||k";
        await(store.set(SetRequest.of(key, utf8("1"))));
        String e1 = get(key).etag();
        assertTrue(e1.matches("\\d+"), e1);
        await(store.set(set(key, "2", e1, Concurrency.UNSPECIFIED, Map.of())));
        String e2 = get(key).etag();
        assertNotEquals(e1, e2);
        assertThrows(ETagMismatchException.class, () -> await(store.set(set(key, "3", e1, Concurrency.LAST_WRITE,
                Map.of()))));
        assertThrows(ETagInvalidException.class, () -> await(store.set(set(key, "3", "abc", Concurrency.UNSPECIFIED,
                Map.of()))));
        assertThrows(ETagInvalidException.class, () -> await(store.set(set(key, "3", "4294967296",
                Concurrency.UNSPECIFIED, Map.of()))));
        assertThrows(ETagMismatchException.class,
                () -> await(store.delete(new DeleteRequest(key, e1, Map.of(), StateOptions.DEFAULT))));
        assertEquals("2", new String(get(key).data(), StandardCharsets.UTF_8));
        // leading zeros name the same transaction id
        await(store.delete(new DeleteRequest(key, "00" + e2, Map.of(), StateOptions.DEFAULT)));
        assertFalse(get(key).found());
        await(store.delete(DeleteRequest.of(key)));
        assertThrows(ETagMismatchException.class,
                () -> await(store.delete(new DeleteRequest(key, "1", Map.of(), StateOptions.DEFAULT))));
        assertThrows(ETagMismatchException.class, () -> await(store.set(set(key, "4", "1", Concurrency.UNSPECIFIED,
                Map.of()))));
    }

    @Test
    void firstWrite() {
        String key = "fw||k";
        await(store.set(set(key, "1", null, Concurrency.FIRST_WRITE, Map.of())));
        assertThrows(ETagMismatchException.class,
                () -> await(store.set(set(key, "2", null, Concurrency.FIRST_WRITE, Map.of()))));
        await(store.set(set(key, "3", get(key).etag(), Concurrency.FIRST_WRITE, Map.of())));
        assertEquals("3", new String(get(key).data(), StandardCharsets.UTF_8));
    }

    @Test
    void ttlExpiresWithTheClockAndCleanupDeletesExpiredRows() {
        String key = "ttl||k";
        await(store.set(set(key, "\"v\"", null, Concurrency.UNSPECIFIED, Map.of("ttlInSeconds", "10"))));
        GetResponse r = get(key);
        assertEquals(clock.instant().plusSeconds(10).toString(), r.metadata().get(GetResponse.TTL_EXPIRE_TIME));
        await(store.set(set("ttl||forever", "1", null, Concurrency.UNSPECIFIED, Map.of("ttlInSeconds", "-1"))));
        assertNull(get("ttl||forever").metadata().get(GetResponse.TTL_EXPIRE_TIME));

        clock.advance(Duration.ofSeconds(11));
        assertFalse(get(key).found());
        assertTrue(get("ttl||forever").found());
        // the expired row is still there, invisible: first-write may take the key again
        assertEquals(1, sql("SELECT 1 FROM " + TABLE + " WHERE key = $1", key).size());
        assertThrows(ETagMismatchException.class,
                () -> await(store.delete(new DeleteRequest(key, "1", Map.of(), StateOptions.DEFAULT))));

        await(store.set(set("ttl||gone", "1", null, Concurrency.UNSPECIFIED, Map.of("ttlInSeconds", "1"))));
        clock.advance(Duration.ofSeconds(2));
        long deleted = await(store.cleanupExpired());
        assertTrue(deleted >= 2, "deleted " + deleted);
        assertEquals(0, sql("SELECT 1 FROM " + TABLE + " WHERE key IN ('ttl||k', 'ttl||gone')").size());
        assertEquals(1, sql("SELECT 1 FROM " + META + " WHERE key = 'last-cleanup'").size());
        // another run inside the interval leaves the work to the one that just ran
        assertEquals(0L, await(store.cleanupExpired()));

        await(store.set(set(key, "\"again\"", null, Concurrency.FIRST_WRITE, Map.of())));
        assertTrue(get(key).found());
        assertThrows(IllegalArgumentException.class, () -> await(store.set(set(key, "1", null,
                Concurrency.UNSPECIFIED, Map.of("ttlInSeconds", "-2")))));
        assertThrows(IllegalArgumentException.class, () -> await(store.set(set(key, "1", null,
                Concurrency.UNSPECIFIED, Map.of("ttlInSeconds", "soon")))));
    }

    @Test
    void transactionsAreAllOrNothing() {
        await(store.set(SetRequest.of("tx||c", utf8("1"))));
        await(store.multi(List.<StateOperation>of(SetRequest.of("tx||a", utf8("1")),
                SetRequest.of("tx||b", utf8("2")), SetRequest.of("tx||a", utf8("3")), DeleteRequest.of("tx||c")),
                Map.of()));
        assertEquals("3", new String(get("tx||a").data(), StandardCharsets.UTF_8));
        assertTrue(get("tx||b").found());
        assertFalse(get("tx||c").found());

        String etag = get("tx||b").etag();
        assertThrows(ETagMismatchException.class, () -> await(store.multi(List.<StateOperation>of(
                SetRequest.of("tx||x", utf8("1")), DeleteRequest.of("tx||a"),
                set("tx||b", "9", "1", Concurrency.UNSPECIFIED, Map.of())), Map.of())));
        assertFalse(get("tx||x").found());
        assertTrue(get("tx||a").found());
        assertEquals(etag, get("tx||b").etag());
    }

    @Test
    void bulkGetAnswersInRequestOrder() {
        await(store.set(SetRequest.of("bulk||1", utf8("1"))));
        await(store.set(SetRequest.of("bulk||2", utf8("two"))));
        List<BulkGetItem> items = await(store.bulkGet(List.of(GetRequest.of("bulk||2"), GetRequest.of("bulk||none"),
                GetRequest.of("bulk||1"))));
        assertEquals(List.of("bulk||2", "bulk||none", "bulk||1"), items.stream().map(BulkGetItem::key).toList());
        assertEquals("two", new String(items.get(0).response().data(), StandardCharsets.UTF_8));
        assertFalse(items.get(1).response().found());
        assertNull(items.get(1).error());
    }

    @Test
    void queryFiltersSortsAndPages() throws Exception {
        for (int n = 1; n <= 5; n++) {
            await(store.set(set("q||" + n, "{\"person\":{\"org\":\"qorg\",\"id\":" + n + "},\"state\":\""
                    + (n % 2 == 0 ? "CA" : "WA") + "\",\"n\":" + (n * 5) + "}", null, Concurrency.UNSPECIFIED,
                    AS_JSON)));
        }
        await(store.set(SetRequest.of("q||bin", utf8("not json"))));
        String filter = "{\"EQ\": {\"person.org\": \"qorg\"}}";
        QueryResponse page1 = await(store.query("{\"filter\": " + filter
                + ", \"sort\": [{\"key\": \"n\", \"order\": \"DESC\"}], \"page\": {\"limit\": 2}}", Map.of()));
        assertEquals(List.of("q||5", "q||4"), page1.results().stream().map(QueryItem::key).toList());
        assertEquals("2", page1.token());
        assertEquals(JSON.readTree("{\"person\":{\"org\":\"qorg\",\"id\":5},\"state\":\"WA\",\"n\":25}"),
                JSON.readTree(page1.results().get(0).data()));
        assertEquals(get("q||5").etag(), page1.results().get(0).etag());
        QueryResponse page3 = await(store.query("{\"filter\": " + filter
                + ", \"sort\": [{\"key\": \"n\", \"order\": \"DESC\"}], \"page\": {\"limit\": 2, \"token\": \"4\"}}",
                Map.of()));
        assertEquals(List.of("q||1"), page3.results().stream().map(QueryItem::key).toList());
        assertNull(page3.token());

        // numbers compare as numbers: 10 > 9, which text comparison gets wrong
        QueryResponse numeric = await(store.query("{\"filter\": {\"AND\": [" + filter
                + ", {\"GT\": {\"n\": 9}}, {\"LTE\": {\"n\": 20}}, {\"IN\": {\"state\": [\"CA\", \"XX\"]}}]}}",
                Map.of()));
        assertEquals(List.of("q||2", "q||4"), numeric.results().stream().map(QueryItem::key).toList());

        QueryResponse or = await(store.query("{\"filter\": {\"AND\": [" + filter
                + ", {\"OR\": [{\"EQ\": {\"person.id\": 1}}, {\"NEQ\": {\"state\": \"WA\"}}]}]}}", Map.of()));
        assertEquals(List.of("q||1", "q||2", "q||4"), or.results().stream().map(QueryItem::key).toList());

        clock.advance(Duration.ZERO);
        await(store.set(set("q||6", "{\"person\":{\"org\":\"qorg\"}}", null, Concurrency.UNSPECIFIED,
                Map.of("ttlInSeconds", "5", "contentType", "application/json"))));
        assertEquals(6, await(store.query("{\"filter\": " + filter + "}", Map.of())).results().size());
        clock.advance(Duration.ofSeconds(6));
        assertEquals(5, await(store.query("{\"filter\": " + filter + "}", Map.of())).results().size());

        assertThrows(IllegalArgumentException.class, () -> await(store.query("{\"filter\": {\"XX\": {}}}", Map.of())));
    }

    @Test
    void keysLikePagesInInsertionOrder() {
        for (String k : new String[] { "kl||a2", "kl||a1", "kl||b1", "kl||a_3" }) {
            await(store.set(SetRequest.of(k, utf8("1"))));
        }
        KeysPage all = await(store.keysLike("kl||a%", null, 0));
        assertEquals(List.of("kl||a2", "kl||a1", "kl||a_3"), all.keys());
        assertNull(all.continuationToken());
        KeysPage first = await(store.keysLike("kl||a%", null, 2));
        assertEquals(List.of("kl||a2", "kl||a1"), first.keys());
        KeysPage second = await(store.keysLike("kl||a%", first.continuationToken(), 2));
        assertEquals(List.of("kl||a_3"), second.keys());
        assertNull(second.continuationToken());
        assertEquals(List.of("kl||a_3"), await(store.keysLike("kl||a\\_%", null, 0)).keys());
        assertThrows(IllegalArgumentException.class, () -> await(store.keysLike("", null, 0)));
        assertThrows(IllegalArgumentException.class, () -> await(store.keysLike("kl%", "x", 0)));
    }
}
