package io.quapr.components.bindings.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.conformance.MutableClock;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The binding against the real PostgreSQL on loopback, in a table of its own: exec and query
 * answers (data and metadata) as daprd writes them, {@code params}, refused requests, and
 * {@code close}. The clock is fixed, so times and durations are exact.
 */
class PostgresBindingTest {

    private static final String TABLE = "quapr_unit_binding";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.120Z");

    private static Vertx vertx;
    private static PostgresBinding binding;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        binding = newBinding(Map.of("connectionString", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"));
        exec("DROP TABLE IF EXISTS " + TABLE, null);
        exec("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, name text, price numeric(10,2), ok boolean,"
                + " at timestamp, doc jsonb, raw bytea, tags int[], ratio float8)", null);
    }

    @AfterAll
    static void stop() {
        if (binding != null) {
            exec("DROP TABLE IF EXISTS " + TABLE, null);
            binding.close().await().atMost(WAIT);
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static PostgresBinding newBinding(Map<String, String> fields) {
        ComponentMetadata md = ComponentMetadata.bind("unit", fields, MetadataSchema.of(PostgresBinding.class),
                Set.of()).metadata();
        PostgresBinding b = new PostgresBinding();
        b.init(md, new ComponentContext(vertx, new MutableClock(NOW), "app", "", Path.of("target")))
                .await().atMost(WAIT);
        return b;
    }

    private static InvokeResponse exec(String sql, String params) {
        return invoke(binding, "exec", sql, params);
    }

    private static InvokeResponse invoke(PostgresBinding b, String op, String sql, String params) {
        Map<String, String> md = new HashMap<>();
        if (sql != null) {
            md.put("sql", sql);
        }
        if (params != null) {
            md.put("params", params);
        }
        return await(b.invoke(new InvokeRequest(op, new byte[0], md)));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static String text(InvokeResponse r) {
        return new String(r.data(), StandardCharsets.UTF_8);
    }

    @Test
    void execAnswersRowsAffectedAndDaprdsMetadata() {
        String sql = "INSERT INTO " + TABLE + " (id, name) VALUES ($1, $2), ($3, $4)";
        InvokeResponse r = exec(sql, "[101, \"a\", 102, \"b\"]");
        assertEquals(0, r.data().length);
        assertEquals(Map.of("operation", "exec", "sql", sql, "rows-affected", "2",
                "start-time", "2030-01-02T03:04:05.12Z", "end-time", "2030-01-02T03:04:05.12Z", "duration", "0s"),
                r.metadata());
        assertEquals("1", exec("DELETE FROM " + TABLE + " WHERE id = $1", "[101]").metadata().get("rows-affected"));
        assertEquals("0", exec("DELETE FROM " + TABLE + " WHERE id = 101", null).metadata().get("rows-affected"));
        exec("DELETE FROM " + TABLE + " WHERE id = 102", null);
    }

    @Test
    void execWithoutParamsMayHoldSeveralStatements() {
        InvokeResponse r = exec("INSERT INTO " + TABLE + " (id) VALUES (201); UPDATE " + TABLE
                + " SET name = 'x' WHERE id >= 201 AND id < 300", null);
        // pgx reports the last statement's count
        assertEquals("1", r.metadata().get("rows-affected"));
        exec("DELETE FROM " + TABLE + " WHERE id >= 201 AND id < 300", null);
    }

    @Test
    void queryAnswersAJsonArrayOfRowArrays() {
        exec("INSERT INTO " + TABLE + " (id, name, price, ok, at, doc, raw, tags, ratio) VALUES"
                + " (301, 'one', 12.50, true, '2024-05-06 07:08:09.5', '{\"k\": [1, \"v\"]}', '\\x0102ff',"
                + " '{1,2,3}', 0.25), (302, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)", null);
        String sql = "SELECT id, name, price, ok, at, doc, raw, tags, ratio FROM " + TABLE
                + " WHERE id >= $1 AND id < 400 ORDER BY id";
        InvokeResponse r = invoke(binding, "query", sql, "[301]");
        assertEquals("[[301,\"one\",12.50,true,\"2024-05-06T07:08:09.5Z\",{\"k\":[1,\"v\"]},\"AQL/\",[1,2,3],0.25],"
                + "[302,null,null,null,null,null,null,null,null]]", text(r));
        assertEquals("query", r.metadata().get("operation"));
        assertEquals(sql, r.metadata().get("sql"));
        assertTrue(r.metadata().containsKey("start-time") && r.metadata().containsKey("end-time")
                && r.metadata().containsKey("duration"));
        assertNull(r.metadata().get("rows-affected"));
        assertEquals("[]", text(invoke(binding, "query", "SELECT id FROM " + TABLE + " WHERE id = 999", null)));
        exec("DELETE FROM " + TABLE + " WHERE id >= 301 AND id < 400", null);
    }

    @Test
    void queryWritesUuidsTimesAndIntervalsAsPgxHandsThemToGo() {
        InvokeResponse r = invoke(binding, "query", "SELECT '00010203-0405-0607-0809-0a0b0c0d0eff'::uuid,"
                + " DATE '2024-02-29'", null);
        assertEquals("[[[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,255],\"2024-02-29T00:00:00Z\"]]", text(r));
        assertEquals("[[{\"Microseconds\":3723500000,\"Valid\":true},"
                + "{\"Microseconds\":7200000000,\"Days\":3,\"Months\":14,\"Valid\":true}]]",
                text(invoke(binding, "query", "SELECT TIME '01:02:03.5', INTERVAL '1 year 2 mons 3 days 2 hours'",
                        null)));
    }

    @Test
    void paramsTakeJsonTypes() {
        exec("INSERT INTO " + TABLE + " (id, name, ok, doc, ratio) VALUES ($1, $2, $3, $4, $5)",
                "[401, \"quoted \\\"name\\\"\", false, {\"a\": 1}, 1.5]");
        assertEquals("[[\"quoted \\\"name\\\"\",false,{\"a\":1},1.5]]", text(invoke(binding, "query",
                "SELECT name, ok, doc, ratio FROM " + TABLE + " WHERE id = $1", "[401]")));
        exec("DELETE FROM " + TABLE + " WHERE id = 401", null);
    }

    @Test
    void stringArgumentsAreParsedByTheServerAsPgxSendsThem() {
        exec("INSERT INTO " + TABLE
                + " (id, at, doc, raw, tags, price, ok, name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                "[\"501\", \"2020-09-24T11:45:05Z\", \"{\\\"a\\\": [1]}\", \"\\\\x00ff\", \"{4,5}\", \"3.10\","
                        + " \"true\", \"plain\"]");
        assertEquals("[[501,\"2020-09-24T11:45:05Z\",{\"a\":[1]},\"AP8=\",[4,5],3.10,true,\"plain\"]]",
                text(invoke(binding, "query", "SELECT id, at, doc, raw, tags, price, ok, name FROM " + TABLE
                        + " WHERE id = $1 AND name = $2", "[\"501\", \"plain\"]")));
        exec("DELETE FROM " + TABLE + " WHERE id = $1", "[\"501\"]");
        // a statement that PREPARE refuses still reports its own error
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> invoke(binding, "query", "SELEC $1", "[\"x\"]"));
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
    }

    @Test
    void parameterReferencesAreFoundOutsideLiteralsAndComments() {
        Map<Integer, String> casts = Map.of(1, "integer", 2, "jsonb");
        assertEquals("SELECT ($1::text)::integer, '$1', E'\\' $1', \"$1\", $$ $1 $$, $q$ $2 $q$ -- $1\n"
                + " /* $1 /* $2 */ $1 */ ($2::text)::jsonb, $3, a$1, $10",
                PostgresBinding.replaceParameters("SELECT $1, '$1', E'\\' $1', \"$1\", $$ $1 $$, $q$ $2 $q$ -- $1\n"
                        + " /* $1 /* $2 */ $1 */ $2, $3, a$1, $10", casts));
        assertEquals("x = ($1::text)::integer",
                PostgresBinding.castTextArguments("x = $1", Tuple.of("5"), new String[] { "integer" }));
        assertEquals("x = $1", PostgresBinding.castTextArguments("x = $1", Tuple.of("5"), new String[] { "text" }));
        assertEquals("x = $1", PostgresBinding.castTextArguments("x = $1", Tuple.of(5L), new String[] { "integer" }));
    }

    @Test
    void paramsParsing() {
        assertEquals(0, PostgresBinding.params(null).size());
        assertEquals(0, PostgresBinding.params("").size());
        Tuple t = PostgresBinding.params("[1, 2.5, \"s\", true, null, [1], {\"a\": \"b\"}]");
        assertEquals(1L, t.getValue(0));
        assertEquals(2.5, t.getValue(1));
        assertEquals("s", t.getValue(2));
        assertEquals(true, t.getValue(3));
        assertNull(t.getValue(4));
        assertEquals(new JsonArray().add(1), t.getValue(5));
        assertEquals(new JsonObject().put("a", "b"), t.getValue(6));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PostgresBinding.params("{\"a\": 1}"))
                .getMessage().startsWith("invalid metadata property params: failed to unserialize into an array"));
        assertThrows(IllegalArgumentException.class, () -> PostgresBinding.params("[1,"));
    }

    @Test
    void refusesARequestWithoutSqlOrWithBadParams() {
        IllegalArgumentException noSql = assertThrows(IllegalArgumentException.class,
                () -> invoke(binding, "exec", null, null));
        assertEquals("required metadata not set: sql", noSql.getMessage());
        assertThrows(IllegalArgumentException.class, () -> invoke(binding, "query", "SELECT 1", "not json"));
    }

    @Test
    void aFailingStatementSaysSo() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> invoke(binding, "query", "SELECT * FROM quapr_no_such_table", null));
        assertTrue(e.getMessage().contains("error executing query"), e.getMessage());
    }

    @Test
    void closeAnswersNothingAndLaterCallsFail() {
        PostgresBinding b = newBinding(Map.of("connectionString",
                "host=127.0.0.1 port=5432 user=postgres database=test sslmode=disable"));
        assertEquals("[[1]]", text(invoke(b, "query", "SELECT 1", null)));
        assertNull(invoke(b, "close", null, null));
        assertNull(invoke(b, "close", null, null));
        RuntimeException e = assertThrows(RuntimeException.class, () -> invoke(b, "query", "SELECT 1", null));
        assertTrue(e.getMessage().contains("component is closed"), e.getMessage());
    }

    @Test
    void timeoutAndItsOlderName() {
        ComponentMetadata md = ComponentMetadata.bind("unit", Map.of("connectionString", "host=x",
                "timeoutInSeconds", "30"), MetadataSchema.of(PostgresBinding.class), Set.of()).metadata();
        assertEquals(Duration.ofSeconds(30), PostgresBinding.timeout(md));
        ComponentMetadata none = ComponentMetadata.bind("unit", Map.of("connectionString", "host=x"),
                MetadataSchema.of(PostgresBinding.class), Set.of()).metadata();
        assertEquals(Duration.ofSeconds(20), PostgresBinding.timeout(none));
        ComponentMetadata tooShort = ComponentMetadata.bind("unit", Map.of("connectionString", "host=x",
                "timeout", "500ms"), MetadataSchema.of(PostgresBinding.class), Set.of()).metadata();
        assertThrows(MetadataException.class, () -> PostgresBinding.timeout(tooShort));
    }

    @Test
    void timesAndDurationsAreWrittenAsGoWritesThem() {
        assertEquals("2030-01-02T03:04:05Z", PostgresBinding.rfc3339Nano(Instant.parse("2030-01-02T03:04:05Z")));
        assertEquals("2030-01-02T03:04:05.000001Z",
                PostgresBinding.rfc3339Nano(Instant.parse("2030-01-02T03:04:05.000001Z")));
        assertEquals("0s", PostgresBinding.goDuration(Duration.ZERO));
        assertEquals("999ns", PostgresBinding.goDuration(Duration.ofNanos(999)));
        assertEquals("1.5µs", PostgresBinding.goDuration(Duration.ofNanos(1_500)));
        assertEquals("2.034ms", PostgresBinding.goDuration(Duration.ofNanos(2_034_000)));
        assertEquals("1s", PostgresBinding.goDuration(Duration.ofSeconds(1)));
        assertEquals("1m0.25s", PostgresBinding.goDuration(Duration.ofMillis(60_250)));
        assertEquals("1h0m0s", PostgresBinding.goDuration(Duration.ofHours(1)));
    }
}
