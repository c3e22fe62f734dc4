package io.quapr.components.postgresql;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.GoDuration;
import io.quapr.spi.MetadataException;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Turns libpq keywords (from {@link ConnectionString}, the component's override fields and the
 * {@code PG*} environment variables) into the Vert.x client's connect and pool options, reading
 * them the way pgx does for daprd: unset keys fall back to the environment, then to libpq's
 * defaults; keys the client has no use for are sent to the server as run-time parameters.
 */
public final class ClientOptions {

    /** libpq's environment variables, as pgx reads them under an unset keyword. */
    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(Map.entry("PGHOST", "host"),
            Map.entry("PGHOSTADDR", "hostaddr"), Map.entry("PGPORT", "port"), Map.entry("PGDATABASE", "dbname"),
            Map.entry("PGUSER", "user"), Map.entry("PGPASSWORD", "password"), Map.entry("PGSSLMODE", "sslmode"),
            Map.entry("PGSSLROOTCERT", "sslrootcert"), Map.entry("PGSSLCERT", "sslcert"),
            Map.entry("PGSSLKEY", "sslkey"), Map.entry("PGAPPNAME", "application_name"),
            Map.entry("PGCONNECT_TIMEOUT", "connect_timeout"), Map.entry("PGOPTIONS", "options"));

    /** Keywords this class reads itself; none of them goes to the server. */
    private static final Set<String> CLIENT_KEYS = Set.of("host", "hostaddr", "port", "dbname", "user", "password",
            "sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "pool_max_conns",
            "pool_max_conn_idle_time", "default_query_exec_mode");

    /**
     * libpq and pgx client settings this client cannot honour: dropped with a warning, since
     * sending them to the server would fail the connection.
     */
    private static final Set<String> UNSUPPORTED_CLIENT_KEYS = Set.of("passfile", "service", "servicefile",
            "target_session_attrs", "load_balance_hosts", "sslpassword", "sslcrl", "sslcrldir", "sslsni",
            "sslnegotiation", "sslcompression", "ssl_min_protocol_version", "ssl_max_protocol_version",
            "gssencmode", "gssdelegation", "krbsrvname", "gsslib", "channel_binding", "require_auth", "requirepeer",
            "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
            "fallback_application_name", "pool_min_conns", "pool_max_conn_lifetime", "pool_max_conn_lifetime_jitter",
            "pool_health_check_period", "statement_cache_capacity", "description_cache_capacity",
            "min_read_buffer_size");

    /**
     * The options for one component.
     *
     * @param connect where and how to connect
     * @param pool the pool's size and timeouts
     * @param warnings settings that were ignored, for the log (never holding a value)
     */
    public record Built(PgConnectOptions connect, PoolOptions pool, List<String> warnings) {
    }

    /** The component fields that override a connection string keyword, as daprd applies them. */
    private static final Map<String, String> OVERRIDES = Map.of("host", "host", "hostaddr", "hostaddr", "port", "port",
            "database", "dbname", "user", "user", "password", "password", "sslRootCert", "sslrootcert");

    private ClientOptions() {
    }

    /**
     * The options a PostgreSQL component's metadata asks for, read as daprd's shared PostgreSQL
     * settings read them: {@code connectionString}, the fields that override its keywords
     * ({@code host}, {@code port}, {@code database}, ...), {@code maxConns},
     * {@code connectionMaxIdleTime} and {@code queryExecMode}.
     *
     * @param md the bound metadata
     * @param env the process environment, for the {@code PG*} defaults
     * @param timeout the component's operation timeout
     * @throws MetadataException naming the field at fault
     */
    public static Built fromMetadata(ComponentMetadata md, Map<String, String> env, Duration timeout) {
        Map<String, String> keywords = new LinkedHashMap<>(ConnectionString.parse(md.required("connectionString")));
        OVERRIDES.forEach((field, keyword) -> md.get(field).ifPresent(v -> keywords.put(keyword, v)));
        return build(keywords, env, timeout, md.integer("maxConns", 0),
                md.get("connectionMaxIdleTime").isPresent() ? md.duration("connectionMaxIdleTime", null) : null,
                md.get("queryExecMode").orElse(null));
    }

    /**
     * Builds the options.
     *
     * @param keywords connection string keywords, the override fields already applied
     * @param env the process environment ({@code PG*} variables are defaults)
     * @param timeout the component's operation timeout: statement timeout, connect and pool wait
     * @param maxConns the {@code maxConns} field; {@code <= 0} for the default
     * @param idleTime the {@code connectionMaxIdleTime} field, or {@code null}
     * @param queryExecMode the {@code queryExecMode} field, or {@code null}
     */
    public static Built build(Map<String, String> keywords, Map<String, String> env, Duration timeout, int maxConns,
            Duration idleTime, String queryExecMode) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> kw = new LinkedHashMap<>(keywords);
        ENVIRONMENT.forEach((var, key) -> {
            String v = env.get(var);
            if (v != null && !v.isEmpty()) {
                kw.putIfAbsent(key, v);
            }
        });

        PgConnectOptions connect = new PgConnectOptions();
        String host = first(kw.getOrDefault("hostaddr", kw.getOrDefault("host", "localhost")), "host", warnings);
        connect.setHost(host);
        connect.setPort(port(first(kw.getOrDefault("port", "5432"), "port", warnings)));
        String user = kw.getOrDefault("user", System.getProperty("user.name", "postgres"));
        connect.setUser(user);
        connect.setPassword(kw.getOrDefault("password", ""));
        connect.setDatabase(kw.getOrDefault("dbname", user));
        connect.setConnectTimeout(connectTimeoutMillis(kw.get("connect_timeout"), timeout));
        applyTls(connect, kw);
        connect.setCachePreparedStatements(cacheStatements(
                queryExecMode != null && !queryExecMode.isBlank() ? queryExecMode : kw.get("default_query_exec_mode")));

        kw.forEach((key, value) -> {
            if (UNSUPPORTED_CLIENT_KEYS.contains(key)) {
                warnings.add("connection string setting '" + key + "' is not supported and was ignored");
            } else if (!CLIENT_KEYS.contains(key)) {
                connect.addProperty(key, value);
            }
        });
        // The server enforces the timeout, so a statement that takes too long is cancelled and its
        // transaction rolled back, instead of committing after the caller was told it failed.
        if (!kw.containsKey("statement_timeout")) {
            connect.addProperty("statement_timeout", Long.toString(timeout.toMillis()));
        }

        PoolOptions pool = new PoolOptions()
                .setMaxSize(poolSize(maxConns, kw.get("pool_max_conns")))
                .setConnectionTimeout((int) Math.max(1, timeout.toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE,
                        idleTime(idleTime, kw.get("pool_max_conn_idle_time")).toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setPoolCleanerPeriod(1000);
        return new Built(connect, pool, warnings);
    }

    /** Several hosts are a libpq fail-over list; this client connects to one, the first. */
    private static String first(String list, String key, List<String> warnings) {
        int comma = list.indexOf(',');
        if (comma < 0) {
            return list;
        }
        warnings.add("connection string lists several values for '" + key + "'; only the first is used");
        return list.substring(0, comma);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MetadataException("invalid port '" + text + "' in connectionString or 'port'");
    }

    /** libpq's {@code connect_timeout} is whole seconds; without it, the component's timeout. */
    private static int connectTimeoutMillis(String seconds, Duration timeout) {
        if (seconds == null || seconds.isBlank()) {
            return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        }
        try {
            long s = Long.parseLong(seconds.trim());
            return s <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, s * 1000);
        } catch (NumberFormatException e) {
            throw new MetadataException("invalid connect_timeout '" + seconds + "' in connectionString");
        }
    }

    /**
     * libpq's modes: {@code prefer} (the default), {@code allow} and {@code require} encrypt
     * without checking the certificate unless a root certificate is given; {@code verify-ca}
     * checks the chain, {@code verify-full} the host name too, both against {@code sslrootcert}
     * or, as libpq does, {@code ~/.postgresql/root.crt}.
     */
    private static void applyTls(PgConnectOptions connect, Map<String, String> kw) {
        String mode = kw.getOrDefault("sslmode", "prefer").toLowerCase(Locale.ROOT);
        SslMode sslMode = switch (mode) {
            case "disable" -> SslMode.DISABLE;
            case "allow" -> SslMode.ALLOW;
            case "prefer" -> SslMode.PREFER;
            case "require" -> SslMode.REQUIRE;
            case "verify-ca" -> SslMode.VERIFY_CA;
            case "verify-full" -> SslMode.VERIFY_FULL;
            default -> throw new MetadataException("invalid sslmode '" + mode + "' in connectionString");
        };
        connect.setSslMode(sslMode);
        boolean verify = sslMode == SslMode.VERIFY_CA || sslMode == SslMode.VERIFY_FULL;
        String rootCert = kw.get("sslrootcert");
        if ((rootCert == null || rootCert.isBlank()) && verify) {
            Path libpqDefault = Path.of(System.getProperty("user.home", ""), ".postgresql", "root.crt");
            if (!Files.isReadable(libpqDefault)) {
                throw new MetadataException("sslmode=" + mode + " needs a root certificate: set sslrootcert"
                        + " (connection string or the 'sslRootCert' field) or provide ~/.postgresql/root.crt");
            }
            rootCert = libpqDefault.toString();
        }
        if (rootCert != null && !rootCert.isBlank()) {
            connect.setPemTrustOptions(new PemTrustOptions().addCertPath(rootCert));
        } else {
            connect.setTrustAll(true);
        }
        connect.setHostnameVerificationAlgorithm(sslMode == SslMode.VERIFY_FULL ? "HTTPS" : "");
        String cert = kw.get("sslcert");
        String key = kw.get("sslkey");
        if (cert != null && key != null && !cert.isBlank() && !key.isBlank()) {
            connect.setPemKeyCertOptions(new PemKeyCertOptions().addCertPath(cert).addKeyPath(key));
        }
    }

    /**
     * pgx's query execution modes: the two caching ones keep named prepared statements per
     * connection; the others, meant for PgBouncer, use unnamed statements only.
     */
    private static boolean cacheStatements(String mode) {
        if (mode == null || mode.isBlank()) {
            return true;
        }
        return switch (mode.trim()) {
            case "cache_statement", "cache_describe" -> true;
            case "describe_exec", "exec", "simple_protocol" -> false;
            default -> throw new MetadataException("invalid queryExecMode metadata value: " + mode);
        };
    }

    /** pgx's default: the greater of 4 and the number of CPUs; never under 2 (migrations hold one). */
    private static int poolSize(int maxConns, String fromConnectionString) {
        int size = maxConns;
        if (size <= 0 && fromConnectionString != null) {
            try {
                size = Integer.parseInt(fromConnectionString.trim());
            } catch (NumberFormatException e) {
                throw new MetadataException(
                        "invalid pool_max_conns '" + fromConnectionString + "' in connectionString");
            }
        }
        if (size <= 0) {
            size = Math.max(4, Runtime.getRuntime().availableProcessors());
        }
        return Math.max(2, size);
    }

    /** pgx's default idle time is 30 minutes. */
    private static Duration idleTime(Duration field, String fromConnectionString) {
        if (field != null && field.compareTo(Duration.ZERO) > 0) {
            return field;
        }
        if (fromConnectionString != null && !fromConnectionString.isBlank()) {
            try {
                return GoDuration.parse(fromConnectionString);
            } catch (IllegalArgumentException e) {
                throw new MetadataException("invalid pool_max_conn_idle_time in connectionString");
            }
        }
        return Duration.ofMinutes(30);
    }
}
