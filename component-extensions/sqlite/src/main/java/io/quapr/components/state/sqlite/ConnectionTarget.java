package io.quapr.components.state.sqlite;

import io.quapr.spi.MetadataException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Dapr {@code connectionString} for SQLite, read the way daprd reads it and turned into what
 * sqlite-jdbc needs.
 *
 * <p>
 * daprd accepts a file path ({@code data.db}, {@code /var/lib/dapr/state.db}), a {@code file:}
 * URI with query parameters ({@code file:data.db?mode=ro}) and {@code :memory:}. Query parameters
 * are of three kinds: SQLite's own URI parameters ({@code mode}, {@code cache}, {@code immutable},
 * ...) which go to SQLite unchanged; options of daprd's Go driver ({@code _pragma=name(value)},
 * {@code _txlock=immediate}) which are applied here with the same meaning; and anything else,
 * which is dropped and reported. Like daprd, {@code busy_timeout}, {@code journal_mode} and
 * {@code foreign_keys} pragmas are refused: the first two have their own metadata fields.
 *
 * <p>
 * A relative path is resolved against the working directory, as daprd does, so that one
 * Component file means the same database under both; the sidecar's embedded default passes an
 * absolute path.
 *
 * @param jdbcUrl the sqlite-jdbc URL, always a {@code file:} URI so SQLite parses its parameters
 * @param file the database file, absolute; {@code null} for an in-memory database
 * @param memory whether the database lives in memory (one connection, nothing on disk)
 * @param readOnly whether SQLite opens it read-only ({@code mode=ro} or {@code immutable=1})
 * @param beginStatement how a write transaction starts ({@code _txlock}; {@code BEGIN IMMEDIATE}
 *        by default, so a transaction never has to upgrade its lock half-way)
 * @param pragmas the {@code _pragma} values, each run as {@code PRAGMA <value>} on every connection
 * @param ignored parameters that were dropped, for a warning
 */
record ConnectionTarget(String jdbcUrl, Path file, boolean memory, boolean readOnly, String beginStatement,
        List<String> pragmas, List<String> ignored) {

    /** SQLite's documented URI parameters (https://sqlite.org/uri.html). */
    private static final Set<String> SQLITE_URI_PARAMETERS = Set.of("vfs", "mode", "cache", "psow", "nolock",
            "immutable", "modeof");

    /** Pragmas daprd refuses in the connection string, because metadata fields own them. */
    private static final Set<String> FORBIDDEN_PRAGMAS = Set.of("busy_timeout", "journal_mode", "foreign_keys");

    /** {@code name}, {@code name(value)} or {@code name=value}, with a plain value: nothing else reaches SQL. */
    private static final Pattern PRAGMA = Pattern
            .compile("[A-Za-z_][A-Za-z0-9_.]*\\s*(\\(\\s*[A-Za-z0-9_+\\-.'\"]*\\s*\\)|=\\s*[A-Za-z0-9_+\\-.'\"]+)?");

    /**
     * Parses a connection string.
     *
     * @throws MetadataException for a forbidden or malformed pragma or an unknown {@code _txlock}
     */
    static ConnectionTarget parse(String connectionString) {
        String cs = connectionString.trim();
        int q = cs.indexOf('?');
        String base = q >= 0 ? cs.substring(0, q) : cs;
        Map<String, String> uriParameters = new LinkedHashMap<>();
        List<String> pragmas = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        String txlock = "immediate";
        boolean txlockSeen = false;
        for (String part : q >= 0 ? cs.substring(q + 1).split("&") : new String[0]) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(eq >= 0 ? part.substring(0, eq) : part);
            String value = eq >= 0 ? decode(part.substring(eq + 1)) : "";
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("_pragma")) {
                pragmas.add(pragma(value));
            } else if (lower.equals("_txlock")) {
                if (!txlockSeen) {
                    txlock = txlock(value);
                    txlockSeen = true;
                }
            } else if (SQLITE_URI_PARAMETERS.contains(lower)) {
                // the first value wins, as daprd keeps only the first mode= and immutable=
                uriParameters.putIfAbsent(lower, value);
            } else {
                ignored.add(name);
            }
        }

        String lowerBase = base.toLowerCase(Locale.ROOT);
        boolean memory = lowerBase.startsWith(":memory:") || lowerBase.startsWith("file::memory:")
                || "memory".equals(uriParameters.get("mode"));
        boolean readOnly = "ro".equals(uriParameters.get("mode")) || "1".equals(uriParameters.get("immutable"));
        String query = query(uriParameters);
        String begin = "BEGIN " + txlock.toUpperCase(Locale.ROOT);
        if (memory) {
            String name = lowerBase.startsWith("file:") ? base.substring("file:".length()) : base;
            return new ConnectionTarget("jdbc:sqlite:file:" + name + query, null, true, readOnly, begin,
                    List.copyOf(pragmas), List.copyOf(ignored));
        }
        Path file = Path.of(filePath(base)).toAbsolutePath().normalize();
        return new ConnectionTarget("jdbc:sqlite:file:" + encodePath(file) + query, file, false, readOnly, begin,
                List.copyOf(pragmas), List.copyOf(ignored));
    }

    /** The file-system path of a plain path or a {@code file:} URI's path part, percent-decoded. */
    private static String filePath(String base) {
        if (!base.regionMatches(true, 0, "file:", 0, 5)) {
            return base;
        }
        String path = base.substring(5);
        if (path.startsWith("//")) {
            // file://host/path: SQLite accepts only an empty host or localhost
            int slash = path.indexOf('/', 2);
            String host = slash < 0 ? path.substring(2) : path.substring(2, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                throw new MetadataException("connectionString names a remote host '" + host + "'");
            }
            path = slash < 0 ? "" : path.substring(slash);
        }
        if (path.isEmpty()) {
            throw new MetadataException("connectionString has no file path");
        }
        return percentDecode(path);
    }

    private static String pragma(String value) {
        String v = value.trim();
        if (!PRAGMA.matcher(v).matches()) {
            throw new MetadataException("connectionString has a malformed _pragma '" + value + "'");
        }
        String name = v.split("[\\s(=]", 2)[0].toLowerCase(Locale.ROOT);
        if (FORBIDDEN_PRAGMAS.contains(name)) {
            String instead = switch (name) {
                case "busy_timeout" -> ": use the busyTimeout metadata field";
                case "journal_mode" -> ": use the disableWAL metadata field";
                default -> "";
            };
            throw new MetadataException("found forbidden option '_pragma=" + name + "' in the connection string"
                    + instead);
        }
        return v;
    }

    private static String txlock(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!Set.of("immediate", "deferred", "exclusive").contains(v)) {
            throw new MetadataException("connectionString has an unknown _txlock '" + value
                    + "' (immediate, deferred or exclusive)");
        }
        return v;
    }

    private static String query(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        parameters.forEach((k, v) -> b.append(b.length() == 0 ? '?' : '&').append(k).append('=')
                .append(encodeComponent(v)));
        return b.toString();
    }

    /** An absolute path as a SQLite URI path: only the characters that URI syntax claims are escaped. */
    private static String encodePath(Path file) {
        String p = file.toString().replace('\\', '/');
        if (!p.startsWith("/")) {
            p = "/" + p; // a Windows drive letter: file:/C:/...
        }
        StringBuilder b = new StringBuilder();
        for (char c : p.toCharArray()) {
            switch (c) {
                case '%' -> b.append("%25");
                case '?' -> b.append("%3F");
                case '#' -> b.append("%23");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String encodeComponent(String v) {
        return v.replace("%", "%25").replace("&", "%26").replace("#", "%23").replace("=", "%3D");
    }

    private static String decode(String s) {
        // query strings as Go's url.ParseQuery reads them: '+' is a space
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String percentDecode(String s) {
        // a path keeps '+' as it is
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
