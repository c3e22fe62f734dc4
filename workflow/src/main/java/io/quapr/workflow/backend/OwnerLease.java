package io.quapr.workflow.backend;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import io.quapr.spi.state.TransactionalStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One engine at a time works an app's workflows in a store: it holds a lease record, renewed at a
 * third of its duration. A new engine waits until the previous owner's lease has run out (it
 * crashed, or it is gone) before it recovers the pending work, so that no orchestration runs in
 * two processes at once. An owner that fails to renew in time stops writing.
 */
final class OwnerLease {

    private static final Logger LOG = Logger.getLogger(OwnerLease.class);

    /** The stored lease. */
    public record Record(String owner, long expiresAtMillis) {
    }

    private final TransactionalStateStore store;
    private final String key;
    private final String owner;
    private final Duration duration;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private volatile String etag;
    private volatile long validUntilMillis;
    private volatile boolean closed;

    OwnerLease(TransactionalStateStore store, String key, String owner, Duration duration, Clock clock,
            ScheduledExecutorService executor) {
        this.store = store;
        this.key = key;
        this.owner = owner;
        this.duration = duration;
        this.clock = clock;
        this.executor = executor;
    }

    /** Completes once this engine holds the lease (after waiting out another owner's). */
    CompletionStage<Void> acquire() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(done);
        return done;
    }

    private void attempt(CompletableFuture<Void> done) {
        StoreCalls.stage(store.get(GetRequest.of(key))).thenCompose(current -> {
            long now = clock.millis();
            if (current.found()) {
                Record r = StoreCodec.json(current.data(), Record.class);
                if (!r.owner().equals(owner) && r.expiresAtMillis() > now) {
                    long wait = r.expiresAtMillis() - now + 10;
                    LOG.infof("workflow store is owned by engine %s until its lease ends; waiting %d ms", r.owner(),
                            wait);
                    executor.schedule(() -> attempt(done), wait, TimeUnit.MILLISECONDS);
                    return CompletableFuture.completedFuture(false);
                }
            }
            return write(current.found() ? current.etag() : null, now).thenApply(v -> true);
        }).whenComplete((acquired, error) -> {
            if (error != null) {
                if (unwrap(error) instanceof ETagMismatchException) {
                    // someone else took it between our read and write: look again
                    executor.schedule(() -> attempt(done), 50, TimeUnit.MILLISECONDS);
                } else {
                    done.completeExceptionally(error);
                }
            } else if (acquired) {
                scheduleRenewal();
                done.complete(null);
            }
        });
    }

    private CompletionStage<Void> write(String currentETag, long now) {
        long expires = now + duration.toMillis();
        StateOptions options = currentETag == null
                ? new StateOptions(Concurrency.FIRST_WRITE, Consistency.STRONG)
                : StateOptions.DEFAULT;
        SetRequest set = new SetRequest(key, StoreCodec.json(new Record(owner, expires)), currentETag, Map.of(),
                options);
        // the SPI's set returns no ETag: read it back for the next renewal
        return StoreCalls.stage(store.set(set))
                .thenCompose(v -> StoreCalls.stage(store.get(GetRequest.of(key)))).thenAccept(r -> {
                    etag = r.etag();
                    validUntilMillis = expires;
                });
    }

    private void scheduleRenewal() {
        if (closed) {
            return;
        }
        executor.schedule(this::renew, Math.max(1, duration.toMillis() / 3), TimeUnit.MILLISECONDS);
    }

    private void renew() {
        if (closed) {
            return;
        }
        write(etag, clock.millis()).whenComplete((v, error) -> {
            if (error != null) {
                LOG.warnf(error, "workflow store lease renewal failed");
            }
            scheduleRenewal();
        });
    }

    /** Whether this engine still holds the lease; writes stop when it does not. */
    boolean held() {
        return !closed && clock.millis() < validUntilMillis;
    }

    /** Stops renewing (the lease runs out by itself; a successor waits at most its duration). */
    void close() {
        closed = true;
    }

    /** Stops renewing and ends the lease now, so that a successor need not wait. */
    CompletionStage<Void> release() {
        closed = true;
        if (etag == null) {
            return CompletableFuture.completedFuture(null);
        }
        SetRequest expired = new SetRequest(key, StoreCodec.json(new Record(owner, 0)), etag, Map.of(),
                StateOptions.DEFAULT);
        // an ETag mismatch means someone else holds it already: nothing to give up
        return StoreCalls.stage(store.set(expired)).exceptionally(e -> null);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException
                || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
