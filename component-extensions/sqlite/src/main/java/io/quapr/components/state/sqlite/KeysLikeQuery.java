package io.quapr.components.state.sqlite;

import io.quapr.spi.state.KeysLikeStateStore.KeysPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code keysLike} over the state table: live keys matching a SQL {@code LIKE} pattern, paged by
 * {@code rowid} as daprd pages them (the continuation token is the last rowid returned).
 *
 * <p>
 * The pattern is run as a {@code GLOB}, translated, because SQLite's {@code LIKE} ignores ASCII
 * case and keys do not: {@code app||Actor||%} must not match {@code app||actor||1}. As in daprd,
 * a backslash escapes {@code %}, {@code _} and itself.
 */
final class KeysLikeQuery {

    private KeysLikeQuery() {
    }

    static KeysPage run(StateTable table, Connection c, String pattern, String continuationToken, int pageSize,
            Instant now) throws SQLException {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("keys like pattern must not be empty");
        }
        Long after = null;
        if (continuationToken != null && !continuationToken.isEmpty()) {
            try {
                after = Long.parseLong(continuationToken);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid continuation token '" + continuationToken + "'");
            }
        }
        String sql = "SELECT key, rowid FROM " + table.name() + " WHERE key GLOB ?"
                + " AND (expiration_time IS NULL OR expiration_time > ?)"
                + (after != null ? " AND rowid > ?" : "") + " ORDER BY rowid"
                + (pageSize > 0 ? " LIMIT ?" : "");
        List<String> keys = new ArrayList<>();
        long lastRowid = 0;
        boolean more = false;
        try (PreparedStatement p = table.prepare(c, sql)) {
            int i = 1;
            p.setString(i++, glob(pattern));
            p.setString(i++, SqliteTime.stored(now));
            if (after != null) {
                p.setLong(i++, after);
            }
            if (pageSize > 0) {
                // one row more than the page tells whether another page follows
                p.setLong(i, pageSize + 1L);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (pageSize > 0 && keys.size() == pageSize) {
                        more = true;
                        break;
                    }
                    keys.add(rs.getString(1));
                    lastRowid = rs.getLong(2);
                }
            }
        }
        return new KeysPage(keys, more ? Long.toString(lastRowid) : null);
    }

    /** A LIKE pattern as a GLOB: {@code %} → {@code *}, {@code _} → {@code ?}, GLOB's own specials bracketed. */
    static String glob(String like) {
        StringBuilder b = new StringBuilder(like.length() + 8);
        for (int i = 0; i < like.length(); i++) {
            char ch = like.charAt(i);
            if (ch == '\\' && i + 1 < like.length()) {
                literal(b, like.charAt(++i));
            } else if (ch == '%') {
                b.append('*');
            } else if (ch == '_') {
                b.append('?');
            } else {
                literal(b, ch);
            }
        }
        return b.toString();
    }

    private static void literal(StringBuilder b, char ch) {
        switch (ch) {
            case '*', '?', '[' -> b.append('[').append(ch).append(']');
            default -> b.append(ch);
        }
    }
}
