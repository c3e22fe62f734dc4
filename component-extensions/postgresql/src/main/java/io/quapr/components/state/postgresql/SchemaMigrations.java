package io.quapr.components.state.postgresql;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Creates and upgrades the state table exactly as daprd's state.postgresql v1 does, so that
 * daprd and this sidecar can share a database:
 * <ol>
 * <li>the state table: {@code key text} primary key, {@code value jsonb}, {@code isbinary
 * boolean}, {@code insertdate} and {@code updatedate} timestamps with time zone;</li>
 * <li>an {@code expiredate} timestamp column;</li>
 * <li>a {@code row_id bigint} identity column, back-filled in (insertdate, key) order, with a
 * unique index {@code <table>_row_id_uidx} (the order of keys-like pages).</li>
 * </ol>
 * The level reached is the {@code migrations} row of the metadata table ({@code key text}
 * primary key, {@code value text}), and the steps run while holding daprd's lock: a
 * {@code SELECT ... FOR UPDATE} of its {@code lock} row, in a transaction that is rolled back at
 * the end. Every step is idempotent, and a table missing under a level that claims it exists (two
 * state tables sharing one metadata table, which daprd's single {@code migrations} row cannot
 * tell apart) is created all the same.
 */
final class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class);

    /** The number of daprd's v1 migrations; the level a complete table is at. */
    static final int LEVEL = 3;

    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final String table;
    private final String metadataTable;

    SchemaMigrations(Pool pool, String table, String metadataTable) {
        this.pool = pool;
        this.table = table;
        this.metadataTable = metadataTable;
    }

    /** Brings both tables up to date. */
    Future<Void> run() {
        return ensureMetadataTable(3)
                .compose(v -> pool.preparedQuery("INSERT INTO " + metadataTable
                        + " (key, value) VALUES ($1, 'lock') ON CONFLICT (key) DO NOTHING").execute(Tuple.of("lock")))
                .compose(v -> pool.getConnection())
                .compose(conn -> underLock(conn).eventually(() -> conn.close()));
    }

    /** {@code CREATE TABLE IF NOT EXISTS} can still race in the catalog (23505): retry it. */
    private Future<Void> ensureMetadataTable(int attempts) {
        return pool.query("CREATE TABLE IF NOT EXISTS " + metadataTable
                + " (key text NOT NULL PRIMARY KEY, value text NOT NULL)").execute()
                .<Void>mapEmpty()
                .recover(e -> attempts > 1 && isUniqueViolation(e)
                        ? ensureMetadataTable(attempts - 1)
                        : Future.failedFuture(e));
    }

    private Future<Void> underLock(SqlConnection conn) {
        return conn.begin().compose(tx -> conn.query("SET LOCAL statement_timeout = 60000").execute()
                .compose(v -> conn.preparedQuery("SELECT value FROM " + metadataTable + " WHERE key = $1 FOR UPDATE")
                        .execute(Tuple.of("lock")))
                .compose(v -> migrate())
                .eventually(() -> tx.rollback()));
    }

    private Future<Void> migrate() {
        return pool.preparedQuery("SELECT (SELECT value FROM " + metadataTable
                + " WHERE key = 'migrations'), to_regclass($1) IS NOT NULL").execute(Tuple.of(table))
                .compose(rows -> {
                    Row row = rows.iterator().next();
                    int level = parseLevel(row.getString(0));
                    boolean exists = row.getBoolean(1);
                    int from = exists ? level : 0;
                    Future<Void> chain = Future.succeededFuture();
                    List<Supplier<Future<Void>>> steps = List.of(this::createTable, this::addExpireDate,
                            this::addRowId);
                    for (int i = from; i < steps.size(); i++) {
                        int reached = i + 1;
                        Supplier<Future<Void>> step = steps.get(i);
                        chain = chain.compose(v -> step.get())
                                .compose(v -> reached > level ? recordLevel(reached) : Future.succeededFuture());
                    }
                    return chain;
                });
    }

    private static int parseLevel(String value) {
        if (value == null) {
            return 0;
        }
        try {
            int level = Integer.parseInt(value.trim());
            if (level >= 0) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("invalid migration level found in metadata table: " + value);
    }

    private Future<Void> recordLevel(int level) {
        return pool.preparedQuery("INSERT INTO " + metadataTable
                + " (key, value) VALUES ('migrations', $1) ON CONFLICT (key) DO UPDATE SET value = $1")
                .execute(Tuple.of(Integer.toString(level))).mapEmpty();
    }

    private Future<Void> createTable() {
        LOG.infof("Creating state table '%s'", table);
        return exec("CREATE TABLE IF NOT EXISTS " + table + " (key text NOT NULL PRIMARY KEY, value jsonb NOT NULL,"
                + " isbinary boolean NOT NULL, insertdate TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),"
                + " updatedate TIMESTAMP WITH TIME ZONE NULL)")
                .recover(e -> isUniqueViolation(e) ? Future.succeededFuture() : Future.failedFuture(e));
    }

    private Future<Void> addExpireDate() {
        return exec("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS expiredate TIMESTAMP WITH TIME ZONE");
    }

    /** daprd's third migration, step by step, each one safe to repeat. */
    private Future<Void> addRowId() {
        return exec("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS row_id BIGINT")
                .compose(v -> exec("WITH base AS (SELECT COALESCE(MAX(row_id), 0) AS top FROM " + table + "),"
                        + " ranked AS (SELECT key, ROW_NUMBER() OVER (ORDER BY insertdate ASC, key ASC) AS rn FROM "
                        + table + " WHERE row_id IS NULL) UPDATE " + table
                        + " AS s SET row_id = ranked.rn + base.top FROM ranked, base WHERE ranked.key = s.key"))
                .compose(v -> exec("ALTER TABLE " + table + " ALTER COLUMN row_id SET NOT NULL"))
                .compose(v -> pool.preparedQuery("SELECT attidentity <> '' FROM pg_attribute"
                        + " WHERE attrelid = to_regclass($1) AND attname = 'row_id' AND NOT attisdropped")
                        .execute(Tuple.of(table)))
                .compose(rows -> rows.iterator().next().getBoolean(0)
                        ? Future.succeededFuture()
                        : exec("ALTER TABLE " + table + " ALTER COLUMN row_id ADD GENERATED BY DEFAULT AS IDENTITY"))
                .compose(v -> pool.preparedQuery("SELECT setval(pg_get_serial_sequence($1, 'row_id'),"
                        + " COALESCE((SELECT MAX(row_id) FROM " + table + "), 0) + 1, false)")
                        .execute(Tuple.of(table)))
                .compose(v -> pool.preparedQuery("SELECT relname FROM pg_class WHERE oid = to_regclass($1)")
                        .execute(Tuple.of(table)))
                .compose(rows -> {
                    String index = rows.iterator().next().getString(0) + "_row_id_uidx";
                    return exec("CREATE UNIQUE INDEX IF NOT EXISTS \"" + index.replace("\"", "\"\"") + "\" ON "
                            + table + " (row_id)");
                });
    }

    private Future<Void> exec(String ddl) {
        return pool.query(ddl).execute().mapEmpty();
    }

    private static boolean isUniqueViolation(Throwable e) {
        return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
