package io.quapr.components.postgresql;

import io.quapr.spi.MetadataException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a PostgreSQL connection string in the two forms daprd (through pgx) accepts: a URL
 * ({@code postgres://user:pw@host:5432/db?sslmode=disable}) or libpq's key=value DSN
 * ({@code host=localhost user=postgres password='a b' port=5432 database=db}).
 *
 * <p>
 * The result is a map of libpq keywords, lower-case, with {@code database} folded into
 * {@code dbname}. Error messages never repeat the text, since it may hold a password.
 */
public final class ConnectionString {

    private ConnectionString() {
    }

    /**
     * Parses either form.
     *
     * @throws MetadataException when the text is neither a URL nor a well-formed DSN
     */
    public static Map<String, String> parse(String text) {
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        Map<String, String> out = lower.startsWith("postgres://") || lower.startsWith("postgresql://")
                ? parseUrl(s)
                : parseDsn(s);
        String database = out.remove("database");
        if (database != null) {
            out.putIfAbsent("dbname", database);
        }
        return out;
    }

    private static Map<String, String> parseUrl(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String rest = url.substring(url.indexOf("://") + 3);
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        rest = q < 0 ? rest : rest.substring(0, q);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);

        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            putIfNotEmpty(out, "user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon), false));
            if (colon >= 0) {
                out.put("password", decode(userInfo.substring(colon + 1), false));
            }
        }
        parseHosts(authority, out);
        putIfNotEmpty(out, "dbname", decode(path, false));

        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), true).toLowerCase(Locale.ROOT);
            out.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1), true));
        }
        return out;
    }

    /** {@code host1:5432,host2}: hosts and ports as libpq's comma-separated lists. */
    private static void parseHosts(String hostSpec, Map<String, String> out) {
        if (hostSpec.isEmpty()) {
            return;
        }
        StringBuilder hosts = new StringBuilder();
        StringBuilder ports = new StringBuilder();
        for (String one : hostSpec.split(",")) {
            String host = one;
            String port = "";
            if (one.startsWith("[")) {
                int close = one.indexOf(']');
                if (close < 0) {
                    throw new MetadataException("connectionString: malformed IPv6 host in URL");
                }
                host = one.substring(1, close);
                String after = one.substring(close + 1);
                port = after.startsWith(":") ? after.substring(1) : "";
            } else if (one.lastIndexOf(':') >= 0) {
                host = one.substring(0, one.lastIndexOf(':'));
                port = one.substring(one.lastIndexOf(':') + 1);
            }
            hosts.append(hosts.length() > 0 ? "," : "").append(decode(host, false));
            ports.append(ports.length() > 0 ? "," : "").append(port);
        }
        putIfNotEmpty(out, "host", hosts.toString());
        if (!ports.toString().replace(",", "").isEmpty()) {
            out.put("port", ports.toString());
        }
    }

    /** libpq's grammar: {@code key = value} pairs, values bare or single-quoted, backslash escapes. */
    private static Map<String, String> parseDsn(String dsn) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = dsn.length();
        while (true) {
            i = skipSpace(dsn, i);
            if (i >= n) {
                return out;
            }
            int keyStart = i;
            while (i < n && dsn.charAt(i) != '=' && !Character.isWhitespace(dsn.charAt(i))) {
                i++;
            }
            String key = dsn.substring(keyStart, i).toLowerCase(Locale.ROOT);
            i = skipSpace(dsn, i);
            if (key.isEmpty() || i >= n || dsn.charAt(i) != '=') {
                throw new MetadataException(
                        "connectionString is neither a postgres:// URL nor key=value pairs (near position " + keyStart
                                + ")");
            }
            i = skipSpace(dsn, i + 1);
            StringBuilder value = new StringBuilder();
            if (i < n && dsn.charAt(i) == '\'') {
                i++;
                while (i < n && dsn.charAt(i) != '\'') {
                    if (dsn.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(dsn.charAt(i++));
                }
                if (i >= n) {
                    throw new MetadataException("connectionString: unterminated quoted value for key '" + key + "'");
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(dsn.charAt(i))) {
                    if (dsn.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(dsn.charAt(i++));
                }
            }
            out.put(key, value.toString());
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void putIfNotEmpty(Map<String, String> out, String key, String value) {
        if (!value.isEmpty()) {
            out.put(key, value);
        }
    }

    /** Percent-decoding; in the query part a {@code +} is a space too, as Go's URL parser reads it. */
    private static String decode(String s, boolean query) {
        try {
            return URLDecoder.decode(query ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MetadataException("connectionString: malformed percent-encoding in URL");
        }
    }
}
