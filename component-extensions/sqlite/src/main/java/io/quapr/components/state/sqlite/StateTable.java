package io.quapr.components.state.sqlite;

import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state table's reads and writes, each given the connection to run on and the clock's
 * current time. A row whose {@code expiration_time} is not after that time is treated as absent
 * everywhere (reads, ETag checks, first-write), whether or not the sweeper has deleted it yet.
 */
final class StateTable {

    /** Keys per {@code IN (...)} list, well under SQLite's bound-parameter limit. */
    private static final int BULK_CHUNK = 500;

    private static final String LIVE = "(expiration_time IS NULL OR expiration_time > ?)";

    private final String get;
    private final String upsert;
    private final String insertIfAbsent;
    private final String updateIfETag;
    private final String delete;
    private final String deleteIfETag;
    private final String table;

    StateTable(String table) {
        this.table = table;
        this.get = "SELECT value, is_binary, etag, expiration_time FROM " + table + " WHERE key = ? AND " + LIVE;
        String insert = "INSERT INTO " + table + " (key, value, is_binary, etag, expiration_time, update_time)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                + " is_binary = excluded.is_binary, etag = excluded.etag,"
                + " expiration_time = excluded.expiration_time, update_time = excluded.update_time";
        // an upsert keeps the row's rowid, so a keysLike paging over rowids never sees a key twice
        this.upsert = insert;
        this.insertIfAbsent = insert + " WHERE expiration_time IS NOT NULL AND expiration_time <= ?";
        this.updateIfETag = "UPDATE " + table + " SET value = ?, is_binary = ?, etag = ?, expiration_time = ?,"
                + " update_time = ? WHERE key = ? AND etag = ? AND " + LIVE;
        this.delete = "DELETE FROM " + table + " WHERE key = ?";
        this.deleteIfETag = "DELETE FROM " + table + " WHERE key = ? AND etag = ? AND " + LIVE;
    }

    /** The table's name. */
    String name() {
        return table;
    }

    GetResponse get(Connection c, String key, Instant now) throws SQLException {
        requireKey(key, "get");
        try (PreparedStatement p = prepare(c, get)) {
            p.setString(1, key);
            p.setString(2, SqliteTime.stored(now));
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? response(rs, 1) : GetResponse.MISSING;
            }
        }
    }

    /** One query per chunk of keys; answers in request order, a row that cannot be decoded as a per-key error. */
    List<BulkGetItem> bulkGet(Connection c, List<GetRequest> requests, Instant now) throws SQLException {
        Map<String, BulkGetItem> found = new HashMap<>();
        List<String> keys = requests.stream().map(GetRequest::key).distinct().toList();
        for (int from = 0; from < keys.size(); from += BULK_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + BULK_CHUNK));
            String sql = "SELECT value, is_binary, etag, expiration_time, key FROM " + table + " WHERE key IN ("
                    + "?,".repeat(chunk.size() - 1) + "?) AND " + LIVE;
            try (PreparedStatement p = prepare(c, sql)) {
                int i = 1;
                for (String k : chunk) {
                    p.setString(i++, k);
                }
                p.setString(i, SqliteTime.stored(now));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(5);
                        try {
                            found.put(key, new BulkGetItem(key, response(rs, 1), null));
                        } catch (IllegalStateException e) {
                            found.put(key, new BulkGetItem(key, GetResponse.MISSING, e.getMessage()));
                        }
                    }
                }
            }
        }
        List<BulkGetItem> items = new ArrayList<>(requests.size());
        for (GetRequest r : requests) {
            BulkGetItem item = found.get(r.key());
            items.add(item != null ? item : new BulkGetItem(r.key(), GetResponse.MISSING, null));
        }
        return items;
    }

    /** Applies a set or a delete; an ETag or first-write condition that does not hold is a mismatch. */
    void write(Connection c, PendingWrite w) throws SQLException {
        if (!(w.isSet() ? set(c, w) : delete(c, w))) {
            throw new ETagMismatchException(w.key());
        }
    }

    private boolean set(Connection c, PendingWrite w) throws SQLException {
        StoredValue value = w.value();
        if (w.expectedETag() != null) {
            try (PreparedStatement p = prepare(c, updateIfETag)) {
                p.setString(1, value.text());
                p.setInt(2, value.binary() ? 1 : 0);
                p.setString(3, w.newETag());
                p.setString(4, w.expires());
                p.setString(5, w.now());
                p.setString(6, w.key());
                p.setString(7, w.expectedETag());
                p.setString(8, w.now());
                return p.executeUpdate() > 0;
            }
        }
        try (PreparedStatement p = prepare(c, w.firstWrite() ? insertIfAbsent : upsert)) {
            p.setString(1, w.key());
            p.setString(2, value.text());
            p.setInt(3, value.binary() ? 1 : 0);
            p.setString(4, w.newETag());
            p.setString(5, w.expires());
            p.setString(6, w.now());
            if (w.firstWrite()) {
                // the existing row is replaced only when it has expired: then it counts as absent
                p.setString(7, w.now());
            }
            return p.executeUpdate() > 0;
        }
    }

    private boolean delete(Connection c, PendingWrite w) throws SQLException {
        boolean withETag = w.expectedETag() != null;
        try (PreparedStatement p = prepare(c, withETag ? deleteIfETag : delete)) {
            p.setString(1, w.key());
            if (withETag) {
                p.setString(2, w.expectedETag());
                p.setString(3, w.now());
            }
            // deleting an absent key without an ETag succeeds
            return p.executeUpdate() > 0 || !withETag;
        }
    }

    /** Prepares a statement; its time limit is {@link SqliteDatabase}'s business. */
    PreparedStatement prepare(Connection c, String sql) throws SQLException {
        return c.prepareStatement(sql);
    }

    private static GetResponse response(ResultSet rs, int first) throws SQLException {
        byte[] data = StoredValue.decode(rs.getBytes(first), truthy(rs.getObject(first + 1)));
        String etag = rs.getString(first + 2);
        Instant expires = SqliteTime.parse(rs.getString(first + 3));
        Map<String, String> metadata = expires == null
                ? Map.of()
                : Map.of(GetResponse.TTL_EXPIRE_TIME, SqliteTime.rfc3339(expires));
        return new GetResponse(data, etag, metadata, null);
    }

    /** {@code is_binary} as any writer may have stored a boolean: 0/1, or text. */
    private static boolean truthy(Object v) {
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        if (v instanceof String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "1", "t", "true" -> true;
                default -> false;
            };
        }
        return false;
    }

    private static void requireKey(String key, String operation) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("missing key in " + operation + " operation");
        }
    }
}
