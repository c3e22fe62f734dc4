package io.quapr.components.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.MetadataException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both connection string forms daprd accepts, read into libpq keywords. */
class ConnectionStringTest {

    @Test
    void dsnAsInDaprDocs() {
        Map<String, String> kw = ConnectionString
                .parse("host=localhost user=postgres password=example port=5432 connect_timeout=10 database=dapr_test");
        assertEquals(Map.of("host", "localhost", "user", "postgres", "password", "example", "port", "5432",
                "connect_timeout", "10", "dbname", "dapr_test"), kw);
    }

    @Test
    void dsnQuotedValuesEscapesAndSpacesAroundEquals() {
        Map<String, String> kw = ConnectionString.parse("  host = db.local  user=a\\ b dbname='x y'");
        assertEquals("db.local", kw.get("host"));
        assertEquals("a b", kw.get("user"));
        assertEquals("x y", kw.get("dbname"));
        Map<String, String> escaped = ConnectionString.parse("password='it\\'s \\\\ ok'");
        assertEquals("it's \\ ok", escaped.get("password"));
    }

    @Test
    void dbnameWinsOverDatabase() {
        assertEquals("a", ConnectionString.parse("dbname=a database=b").get("dbname"));
        assertFalse(ConnectionString.parse("dbname=a database=b").containsKey("database"));
    }

    @Test
    void url() {
        Map<String, String> kw = ConnectionString
                .parse("postgres://us%40er:p%3Ass+w@db.example.com:6432/my%20db?sslmode=disable&application_name=a+b");
        assertEquals("us@er", kw.get("user"));
        assertEquals("p:ss+w", kw.get("password"));
        assertEquals("db.example.com", kw.get("host"));
        assertEquals("6432", kw.get("port"));
        assertEquals("my db", kw.get("dbname"));
        assertEquals("disable", kw.get("sslmode"));
        assertEquals("a b", kw.get("application_name"));
    }

    @Test
    void urlMinimalAndIpv6AndSeveralHosts() {
        assertEquals(Map.of("host", "localhost"), ConnectionString.parse("postgresql://localhost"));
        assertEquals(Map.of(), ConnectionString.parse("postgres://"));
        Map<String, String> v6 = ConnectionString.parse("postgresql://[::1]:5433/db");
        assertEquals("::1", v6.get("host"));
        assertEquals("5433", v6.get("port"));
        Map<String, String> multi = ConnectionString.parse("postgres://u@h1:1,h2/db");
        assertEquals("h1,h2", multi.get("host"));
        assertEquals("1,", multi.get("port"));
    }

    @Test
    void malformedTextIsAMetadataErrorThatDoesNotRepeatTheText() {
        MetadataException e = assertThrows(MetadataException.class,
                () -> ConnectionString.parse("host=x secretpassword"));
        assertFalse(e.getMessage().contains("secretpassword"));
        assertThrows(MetadataException.class, () -> ConnectionString.parse("password='unterminated"));
        assertThrows(MetadataException.class, () -> ConnectionString.parse("postgres://u:%zz@h/db"));
        assertTrue(ConnectionString.parse("").isEmpty());
    }
}
