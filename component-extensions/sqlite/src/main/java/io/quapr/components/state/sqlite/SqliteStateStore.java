package io.quapr.components.state.sqlite;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.BulkStateException;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.KeysLikeStateStore;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.TransactionalStateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Dapr's {@code state.sqlite}: state in one SQLite file (or in memory), laid out exactly as daprd
 * lays it out, so a file written by either is read by the other. It is the sidecar's embedded
 * default store.
 *
 * <p>
 * JDBC blocks, so every call runs on a Vert.x worker ({@link ComponentContext#executeBlocking});
 * writes queue for the one writer connection and reads share a few reader connections (see
 * {@link SqliteDatabase}). Expiry is decided by the component's clock, passed to every statement,
 * never by SQLite's {@code now}.
 */
@Dependent
@ComponentType("state.sqlite")
public class SqliteStateStore implements TransactionalStateStore, KeysLikeStateStore {

    private static final Logger LOG = Logger.getLogger(SqliteStateStore.class);

    private static final Set<StateFeature> FEATURES = Collections
            .unmodifiableSet(EnumSet.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL,
                    StateFeature.KEYS_LIKE));

    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile ComponentContext context;
    private volatile SqliteOptions options;
    private volatile SqliteDatabase db;
    private volatile StateTable table;
    private volatile long sweepTimer = -1;

    /** Created by CDI, one instance per Component resource; {@link #init} does the work. */
    public SqliteStateStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        this.context = context;
        return Uni.createFrom().item(() -> SqliteOptions.from(metadata))
                .chain(parsed -> context.executeBlocking(() -> open(parsed)))
                .invoke(this::scheduleSweep)
                .replaceWithVoid();
    }

    private SqliteDatabase open(SqliteOptions parsed) throws Exception {
        ConnectionTarget target = parsed.target();
        if (!target.ignored().isEmpty()) {
            LOG.warnf("SQLite connection string parameters ignored (not SQLite URI parameters): %s", target.ignored());
        }
        SqliteDatabase opened = SqliteDatabase.open(parsed, context.vertx());
        try {
            opened.write(c -> {
                if (target.readOnly()) {
                    SchemaMigration.verify(c, parsed);
                } else {
                    SchemaMigration.migrate(c, parsed);
                }
                return null;
            });
        } catch (Exception e) {
            opened.close();
            throw e;
        }
        this.options = parsed;
        this.table = new StateTable(parsed.tableName());
        this.db = opened;
        return opened;
    }

    @Override
    public Set<StateFeature> features() {
        return FEATURES;
    }

    @Override
    public Uni<GetResponse> get(GetRequest request) {
        return context.executeBlocking(() -> db().read(c -> table.get(c, request.key(), now())));
    }

    /** One query for all keys instead of one per key; errors stay per key, as the SPI asks. */
    @Override
    public Uni<List<BulkGetItem>> bulkGet(List<GetRequest> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return context.executeBlocking(() -> db().read(c -> table.bulkGet(c, requests, now())))
                .onFailure().recoverWithItem(e -> requests.stream()
                        .map(r -> new BulkGetItem(r.key(), GetResponse.MISSING, String.valueOf(e.getMessage())))
                        .toList());
    }

    @Override
    public Uni<Void> set(SetRequest request) {
        return write(request);
    }

    @Override
    public Uni<Void> delete(DeleteRequest request) {
        return write(request);
    }

    @Override
    public Uni<Void> bulkSet(List<SetRequest> requests) {
        return bulk(requests);
    }

    @Override
    public Uni<Void> bulkDelete(List<DeleteRequest> requests) {
        return bulk(requests);
    }

    /**
     * Every operation, in order, in one transaction; the first failure rolls all back. A
     * single operation needs no transaction of its own.
     */
    @Override
    public Uni<Void> multi(List<StateOperation> operations, Map<String, String> metadata) {
        if (operations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (operations.size() == 1) {
            return write(operations.get(0));
        }
        return context.executeBlocking(() -> {
            Instant now = now();
            List<PendingWrite> writes = new ArrayList<>(operations.size());
            for (StateOperation op : operations) {
                writes.add(PendingWrite.of(op, now));
            }
            return db().transaction(c -> {
                for (PendingWrite w : writes) {
                    table.write(c, w);
                }
                return null;
            });
        }).replaceWithVoid();
    }

    @Override
    public Uni<KeysPage> keysLike(String pattern, String continuationToken, int pageSize) {
        return context.executeBlocking(
                () -> db().read(c -> KeysLikeQuery.run(table, c, pattern, continuationToken, pageSize, now())));
    }

    @Override
    public Uni<Void> close() {
        long timer = sweepTimer;
        if (timer >= 0) {
            context.vertx().cancelTimer(timer);
            sweepTimer = -1;
        }
        SqliteDatabase open = db;
        if (open == null) {
            return Uni.createFrom().voidItem();
        }
        db = null;
        return context.executeBlocking(() -> {
            open.close();
            return null;
        }).replaceWithVoid();
    }

    /**
     * Deletes expired rows now, unless a sweep (of any process sharing the file) ran less than
     * {@code cleanupInterval} ago by the clock; the timer calls this. Package-private for tests.
     *
     * @return the rows deleted, or {@code -1} when the sweep was skipped
     */
    Uni<Long> sweepExpired() {
        return context.executeBlocking(() -> {
            Instant now = now();
            SqliteDatabase open = db();
            if (!open.write(c -> ExpirySweep.claim(table, c, options.metadataTableName(), now,
                    options.cleanupInterval()))) {
                return -1L;
            }
            long deleted = 0;
            int batch;
            do {
                // the writer is released between batches, so other writes are not held up by a backlog
                batch = open.write(c -> ExpirySweep.deleteBatch(table, c, now));
                deleted += batch;
            } while (batch == ExpirySweep.BATCH);
            return deleted;
        });
    }

    private void scheduleSweep() {
        long ms = options.cleanupInterval().toMillis();
        if (ms <= 0) {
            return;
        }
        sweepTimer = context.vertx().setPeriodic(ms, id -> {
            // a slow sweep is not stacked with the next tick's
            if (db == null || !sweeping.compareAndSet(false, true)) {
                return;
            }
            sweepExpired().subscribe().with(n -> {
                sweeping.set(false);
                if (n > 0) {
                    LOG.debugf("Removed %d expired rows from SQLite table '%s'", n, table.name());
                }
            }, e -> {
                sweeping.set(false);
                if (db != null) { // a sweep cut short by close is not worth a warning
                    LOG.warnf(e, "Failed to remove expired rows from SQLite table '%s'", table.name());
                }
            });
        });
    }

    /** Each write on its own, as the SPI's bulk contract says, but under one turn of the writer and one commit. */
    private <R extends StateOperation> Uni<Void> bulk(List<R> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return context.executeBlocking(() -> {
            Instant now = now();
            Map<String, Throwable> failures = new LinkedHashMap<>();
            List<PendingWrite> writes = new ArrayList<>(requests.size());
            for (R r : requests) {
                try {
                    writes.add(PendingWrite.of(r, now));
                } catch (RuntimeException e) {
                    failures.put(r.key(), e);
                }
            }
            db().transaction(c -> {
                int n = 0;
                for (PendingWrite w : writes) {
                    String savepoint = "bulk_" + n++;
                    execute(c, "SAVEPOINT " + savepoint);
                    try {
                        table.write(c, w);
                    } catch (SQLException | RuntimeException e) {
                        // undo this write alone; the others stay
                        execute(c, "ROLLBACK TO " + savepoint);
                        failures.put(w.key(), e);
                    }
                    execute(c, "RELEASE " + savepoint);
                }
                return null;
            });
            if (!failures.isEmpty()) {
                throw new BulkStateException(failures);
            }
            return null;
        }).replaceWithVoid();
    }

    /** One write, checked and encoded before it queues for the writer. */
    private Uni<Void> write(StateOperation op) {
        return context.executeBlocking(() -> {
            PendingWrite w = PendingWrite.of(op, now());
            return db().write(c -> {
                table.write(c, w);
                return null;
            });
        }).replaceWithVoid();
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private SqliteDatabase db() throws SQLException {
        SqliteDatabase open = db;
        if (open == null) {
            throw new SQLException("the SQLite state store is not initialised or already closed");
        }
        return open;
    }

    private Instant now() {
        return context.clock().instant();
    }
}
