package io.quapr.components.state.postgresql;

/**
 * The SQL this store runs against daprd's v1 tables, built once from the (checked) table names.
 * Every value is a bind parameter; the ETag is the row's {@code xmin} as text, as daprd issues it.
 *
 * <p>
 * Expiry is judged against a time parameter taken from the component's clock rather than the
 * server's {@code CURRENT_TIMESTAMP}, so tests can move time; in production the two agree to
 * within the hosts' clock skew.
 */
final class StateStatements {

    private static final String LIVE = "(expiredate IS NULL OR expiredate > $%d)";

    /** {@code $1} key, {@code $2} now: value text, isbinary, etag, expiredate. */
    final String get;
    /** {@code $1} keys (text[]), {@code $2} now: key, value text, isbinary, etag, expiredate. */
    final String bulkGet;
    /** {@code $1} key, {@code $2} value JSON text, {@code $3} isbinary, {@code $4} expiredate or null. */
    final String upsert;
    /** As {@link #upsert}, plus {@code $5} now: inserts, or replaces only an expired row. */
    final String insertIfAbsent;
    /** As {@link #upsert}, plus {@code $5} etag, {@code $6} now: replaces the live row carrying the ETag. */
    final String updateIfETag;
    /** {@code $1} key. */
    final String delete;
    /** {@code $1} key, {@code $2} etag, {@code $3} now. */
    final String deleteIfETag;
    /**
     * {@code $1} LIKE pattern, {@code $2} now, {@code $3} row_id to start after, {@code $4} limit
     * or null for all: key, row_id in row_id order.
     */
    final String keysLike;
    /** {@code $1} now: deletes rows that have expired. */
    final String deleteExpired;
    /**
     * {@code $1} interval in ms: records this clean-up in the metadata table, unless another
     * sidecar did one less than an interval ago (then no row changes).
     */
    final String claimCleanup;

    StateStatements(String table, String metadataTable) {
        get = "SELECT value::text, isbinary, xmin::text, expiredate FROM " + table + " WHERE key = $1 AND "
                + LIVE.formatted(2);
        bulkGet = "SELECT key, value::text, isbinary, xmin::text, expiredate FROM " + table
                + " WHERE key = ANY($1::text[]) AND " + LIVE.formatted(2);
        String insert = "INSERT INTO " + table + " AS s (key, value, isbinary, expiredate)"
                + " VALUES ($1, $2::text::jsonb, $3, $4) ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                + " isbinary = excluded.isbinary, updatedate = CURRENT_TIMESTAMP, expiredate = excluded.expiredate";
        upsert = insert;
        insertIfAbsent = insert + " WHERE s.expiredate IS NOT NULL AND s.expiredate <= $5";
        updateIfETag = "UPDATE " + table + " SET value = $2::text::jsonb, isbinary = $3,"
                + " updatedate = CURRENT_TIMESTAMP, expiredate = $4 WHERE key = $1 AND xmin::text = $5 AND "
                + LIVE.formatted(6);
        delete = "DELETE FROM " + table + " WHERE key = $1";
        deleteIfETag = "DELETE FROM " + table + " WHERE key = $1 AND xmin::text = $2 AND " + LIVE.formatted(3);
        keysLike = "SELECT key, row_id FROM " + table + " WHERE key LIKE $1 ESCAPE '\\' AND " + LIVE.formatted(2)
                + " AND row_id > $3 ORDER BY row_id ASC LIMIT $4";
        deleteExpired = "DELETE FROM " + table + " WHERE expiredate IS NOT NULL AND expiredate <= $1";
        claimCleanup = "INSERT INTO " + metadataTable + " AS m (key, value) VALUES ('last-cleanup', now()::text)"
                + " ON CONFLICT (key) DO UPDATE SET value = now()::text"
                + " WHERE (EXTRACT('epoch' FROM now() - m.value::timestamp with time zone) * 1000)::bigint > $1";
    }
}
