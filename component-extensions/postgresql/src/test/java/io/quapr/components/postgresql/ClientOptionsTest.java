package io.quapr.components.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.MetadataException;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** libpq keywords, environment defaults and component fields into Vert.x options. */
class ClientOptionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void keywordsMapToConnectOptions() {
        ClientOptions.Built b = ClientOptions.build(Map.of("host", "db", "port", "6432", "user", "u", "password", "p",
                "dbname", "d", "sslmode", "disable", "search_path", "app"), Map.of(), TIMEOUT, 0, null, null);
        PgConnectOptions c = b.connect();
        assertEquals("db", c.getHost());
        assertEquals(6432, c.getPort());
        assertEquals("u", c.getUser());
        assertEquals("p", c.getPassword());
        assertEquals("d", c.getDatabase());
        assertEquals(SslMode.DISABLE, c.getSslMode());
        // what the client does not read goes to the server as a run-time parameter
        assertEquals("app", c.getProperties().get("search_path"));
        assertEquals("20000", c.getProperties().get("statement_timeout"));
        assertEquals(20000, c.getConnectTimeout());
        assertTrue(c.getCachePreparedStatements());
        assertTrue(b.warnings().isEmpty());
    }

    @Test
    void libpqDefaultsAndEnvironment() {
        PgConnectOptions c = ClientOptions.build(Map.of(), Map.of(), TIMEOUT, 0, null, null).connect();
        assertEquals("localhost", c.getHost());
        assertEquals(5432, c.getPort());
        assertEquals(SslMode.PREFER, c.getSslMode());
        assertEquals(c.getUser(), c.getDatabase());

        PgConnectOptions env = ClientOptions.build(Map.of("user", "fromString"),
                Map.of("PGHOST", "envhost", "PGUSER", "envuser", "PGPASSWORD", "envpw"), TIMEOUT, 0, null, null)
                .connect();
        assertEquals("envhost", env.getHost());
        assertEquals("fromString", env.getUser());
        assertEquals("envpw", env.getPassword());
    }

    @Test
    void hostaddrWinsAndOnlyTheFirstHostIsUsed() {
        ClientOptions.Built b = ClientOptions.build(Map.of("host", "a,b", "port", "1,2"), Map.of(), TIMEOUT, 0, null,
                null);
        assertEquals("a", b.connect().getHost());
        assertEquals(1, b.connect().getPort());
        assertEquals(2, b.warnings().size());
        assertEquals("10.0.0.1",
                ClientOptions.build(Map.of("host", "a", "hostaddr", "10.0.0.1"), Map.of(), TIMEOUT, 0, null, null)
                        .connect().getHost());
    }

    @Test
    void poolSizeIdleTimeAndExecMode() {
        ClientOptions.Built b = ClientOptions.build(Map.of("pool_max_conns", "7"), Map.of(), TIMEOUT, 0,
                Duration.ofMinutes(5), "exec");
        assertEquals(7, b.pool().getMaxSize());
        assertEquals(300_000, b.pool().getIdleTimeout());
        assertEquals(TimeUnit.MILLISECONDS, b.pool().getIdleTimeoutUnit());
        assertFalse(b.connect().getCachePreparedStatements());
        assertEquals(3, ClientOptions.build(Map.of("pool_max_conns", "7"), Map.of(), TIMEOUT, 3, null, null).pool()
                .getMaxSize());
        // never fewer than two: migrations hold one connection for their lock
        assertEquals(2, ClientOptions.build(Map.of(), Map.of(), TIMEOUT, 1, null, null).pool().getMaxSize());
        assertThrows(MetadataException.class,
                () -> ClientOptions.build(Map.of(), Map.of(), TIMEOUT, 0, null, "fast"));
    }

    @Test
    void unsupportedClientKeysAreDroppedWithAWarning() {
        ClientOptions.Built b = ClientOptions.build(Map.of("target_session_attrs", "read-write"), Map.of(), TIMEOUT,
                0, null, null);
        assertFalse(b.connect().getProperties().containsKey("target_session_attrs"));
        assertEquals(1, b.warnings().size());
    }

    @Test
    void badValuesAreMetadataErrors() {
        assertThrows(MetadataException.class,
                () -> ClientOptions.build(Map.of("port", "x"), Map.of(), TIMEOUT, 0, null, null));
        assertThrows(MetadataException.class,
                () -> ClientOptions.build(Map.of("sslmode", "maybe"), Map.of(), TIMEOUT, 0, null, null));
        assertThrows(MetadataException.class,
                () -> ClientOptions.build(Map.of("connect_timeout", "soon"), Map.of(), TIMEOUT, 0, null, null));
    }

    @Test
    void tlsModes() {
        PgConnectOptions require = ClientOptions.build(Map.of("sslmode", "require"), Map.of(), TIMEOUT, 0, null, null)
                .connect();
        assertEquals(SslMode.REQUIRE, require.getSslMode());
        assertTrue(require.isTrustAll(), "require encrypts without checking the certificate, as libpq does");
        PgConnectOptions full = ClientOptions.build(Map.of("sslmode", "verify-full", "sslrootcert", "/ca.pem"),
                Map.of(), TIMEOUT, 0, null, null).connect();
        assertFalse(full.isTrustAll());
        assertEquals("HTTPS", full.getHostnameVerificationAlgorithm());
        assertEquals("/ca.pem", full.getPemTrustOptions().getCertPaths().get(0));
    }

    @Test
    void explicitStatementTimeoutIsKept() {
        PgConnectOptions c = ClientOptions.build(Map.of("statement_timeout", "0"), Map.of(), TIMEOUT, 0, null, null)
                .connect();
        assertEquals("0", c.getProperties().get("statement_timeout"));
    }
}
