package io.quapr.components.state.postgresql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dapr's query language to SQL: structure in the text, every user value a parameter. */
class QueryTranslatorTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    private static final String SELECT = "SELECT key, value::text, isbinary, xmin::text FROM state"
            + " WHERE (expiredate IS NULL OR expiredate > $1)";

    private static QueryTranslator.Translated translate(String query) {
        return QueryTranslator.translate(query, "state", NOW);
    }

    @Test
    void emptyQueryReadsEveryLiveRowInKeyOrder() {
        QueryTranslator.Translated t = translate("{}");
        assertEquals(SELECT + " ORDER BY key ASC", t.sql());
        assertEquals(List.of(NOW), t.params());
        assertEquals(0, t.limit());
        assertEquals(SELECT + " ORDER BY key ASC", translate("{\"filter\": {}}").sql());
    }

    @Test
    void equalityWithLimit() {
        QueryTranslator.Translated t = translate(
                "{\"filter\": {\"EQ\": {\"state\": \"CA\"}}, \"page\": {\"limit\": 2}}");
        assertEquals(SELECT + " AND value #> $2::text[] = $3::text::jsonb ORDER BY key ASC LIMIT $4", t.sql());
        assertArrayEquals(new String[] { "state" }, (String[]) t.params().get(1));
        assertEquals("\"CA\"", t.params().get(2));
        assertEquals(2L, t.params().get(3));
        assertEquals(2, t.limit());
    }

    @Test
    void nestedAndOrWithSortAndToken() {
        QueryTranslator.Translated t = translate("""
                {"filter": {"AND": [
                    {"EQ": {"person.org": "Dev Ops"}},
                    {"OR": [{"NEQ": {"state": "CA"}}, {"IN": {"state": ["WA", "NY"]}}]}]},
                 "sort": [{"key": "state", "order": "DESC"}, {"key": "person.id"}],
                 "page": {"limit": 3, "token": "6"}}
                """);
        assertEquals(SELECT + " AND (value #> $2::text[] = $3::text::jsonb AND (value #> $4::text[] <> $5::text::jsonb"
                + " OR value #> $6::text[] = ANY($7::text[]::jsonb[])))"
                + " ORDER BY value #> $8::text[] DESC, value #> $9::text[] ASC, key ASC LIMIT $10 OFFSET $11", t.sql());
        assertArrayEquals(new String[] { "person", "org" }, (String[]) t.params().get(1));
        assertEquals("\"Dev Ops\"", t.params().get(2));
        assertArrayEquals(new String[] { "\"WA\"", "\"NY\"" }, (String[]) t.params().get(6));
        assertArrayEquals(new String[] { "person", "id" }, (String[]) t.params().get(8));
        assertEquals(3L, t.params().get(9));
        assertEquals(6L, t.params().get(10));
        assertEquals(6L, t.offset());
    }

    @Test
    void rangesCompareNumbersOnly() {
        QueryTranslator.Translated t = translate("{\"filter\": {\"GTE\": {\"product.value\": 10.5}}}");
        assertEquals(SELECT + " AND (jsonb_typeof(value #> $2::text[]) = 'number' AND value #> $2::text[] >="
                + " $3::text::jsonb) ORDER BY key ASC", t.sql());
        assertEquals("10.5", t.params().get(2));
        assertThrows(IllegalArgumentException.class, () -> translate("{\"filter\": {\"LT\": {\"a\": \"10\"}}}"));
    }

    @Test
    void userTextNeverReachesTheSql() {
        String evil = "x'; DROP TABLE state; --";
        QueryTranslator.Translated t = translate("{\"filter\": {\"EQ\": {\"" + evil.replace("'", "'") + "\": \""
                + evil + "\"}}, \"sort\": [{\"key\": \"" + evil + "\"}]}");
        assertFalse(t.sql().contains("DROP"), t.sql());
        assertThrows(IllegalArgumentException.class,
                () -> translate("{\"sort\": [{\"key\": \"a\", \"order\": \"ASC; DROP TABLE state\"}]}"));
    }

    @Test
    void malformedQueriesAreRefused() {
        for (String q : new String[] { "not json", "[]", "{\"filter\": {\"EQ\": {\"a\": 1}, \"NEQ\": {\"b\": 1}}}",
                "{\"filter\": {\"LIKE\": {\"a\": 1}}}", "{\"filter\": {\"AND\": [{\"EQ\": {\"a\": 1}}]}}",
                "{\"filter\": {\"IN\": {\"a\": []}}}", "{\"filter\": {\"IN\": {\"a\": 1}}}",
                "{\"filter\": {\"EQ\": {\"a..b\": 1}}}", "{\"page\": {\"limit\": 1, \"token\": \"-1\"}}",
                "{\"page\": {\"token\": \"abc\"}}", "{\"sort\": {\"key\": \"a\"}}" }) {
            assertThrows(IllegalArgumentException.class, () -> translate(q), q);
        }
    }
}
