package io.quapr.components.state.postgresql;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Deletes expired rows every clean-up interval, coordinated with every other sidecar (daprd
 * included) that uses the same metadata table: each run first claims the {@code last-cleanup}
 * row, which succeeds only when nobody else cleaned up less than an interval ago. Expired rows
 * are invisible to reads whether or not they have been deleted yet, so this only reclaims space.
 */
final class ExpiryCleaner {

    private static final Logger LOG = Logger.getLogger(ExpiryCleaner.class);

    /** A large deletion may take far longer than one operation's timeout; daprd allows ten minutes. */
    private static final String LONG_TIMEOUT = "SET LOCAL statement_timeout = 600000";

    private final Vertx vertx;
    private final Pool pool;
    private final StateStatements sql;
    private final Clock clock;
    private final Duration interval;
    private long timerId = -1;

    ExpiryCleaner(Vertx vertx, Pool pool, StateStatements sql, Clock clock, Duration interval) {
        this.vertx = vertx;
        this.pool = pool;
        this.sql = sql;
        this.clock = clock;
        this.interval = interval;
    }

    /** Starts the periodic clean-up. */
    void start() {
        LOG.debugf("Deleting expired state every %s", interval);
        timerId = vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> runOnce().onComplete(ar -> {
            if (ar.failed()) {
                LOG.warnf(ar.cause(), "Error removing expired state");
            } else if (ar.result() > 0) {
                LOG.infof("Removed %d expired rows", ar.result());
            }
        }));
    }

    /**
     * Cleans up now, unless another sidecar did within the interval.
     *
     * @return how many rows were deleted
     */
    Future<Long> runOnce() {
        // 100 ms of slack, as daprd allows, so a timer firing slightly early still runs
        return pool.preparedQuery(sql.claimCleanup).execute(Tuple.of(interval.toMillis() - 100))
                .compose(claimed -> claimed.rowCount() == 0
                        ? Future.succeededFuture(0L)
                        : pool.withTransaction(conn -> conn.query(LONG_TIMEOUT).execute()
                                .compose(v -> conn.preparedQuery(sql.deleteExpired).execute(Tuple.of(now())))
                                .map(deleted -> (long) deleted.rowCount())));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** Stops the timer; a run in progress finishes on its own. */
    void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }
}
