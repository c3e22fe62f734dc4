package io.quapr.components.lock.inmemory;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.lock.LockStore;
import io.quapr.spi.lock.UnlockStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code lock.in-memory}: locks in this process only, for development and tests. A lock is free
 * from its expiry instant on, by the clock the sidecar lends (so tests move time rather than
 * sleep); expired locks are dropped as they are met, and all of them whenever the table has grown
 * since the last sweep.
 */
@Dependent
@ComponentType("lock.in-memory")
public class InMemoryLockStore implements LockStore {

    private record Held(String owner, Instant expiresAt) {
    }

    private final Map<String, Held> locks = new HashMap<>();
    private int sweepAt = 1024;
    private volatile Clock clock = Clock.systemUTC();

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public InMemoryLockStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        clock = context.clock();
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Boolean> tryLock(String resourceId, String lockOwner, int expiryInSeconds) {
        return Uni.createFrom().item(() -> {
            Instant now = clock.instant();
            synchronized (locks) {
                if (held(resourceId, now) != null) {
                    return false;
                }
                locks.put(resourceId, new Held(lockOwner, now.plusSeconds(expiryInSeconds)));
                sweep(now);
                return true;
            }
        });
    }

    @Override
    public Uni<UnlockStatus> unlock(String resourceId, String lockOwner) {
        return Uni.createFrom().item(() -> {
            synchronized (locks) {
                Held h = held(resourceId, clock.instant());
                if (h == null) {
                    return UnlockStatus.LOCK_DOES_NOT_EXIST;
                }
                if (!h.owner().equals(lockOwner)) {
                    return UnlockStatus.LOCK_BELONGS_TO_OTHERS;
                }
                locks.remove(resourceId);
                return UnlockStatus.SUCCESS;
            }
        });
    }

    /** The lock's holder now, or null when it is free (an expired one is dropped). */
    private Held held(String resourceId, Instant now) {
        Held h = locks.get(resourceId);
        if (h != null && !now.isBefore(h.expiresAt())) {
            locks.remove(resourceId);
            return null;
        }
        return h;
    }

    /** Drops every expired lock once the table doubled since the last sweep: amortised O(1). */
    private void sweep(Instant now) {
        if (locks.size() < sweepAt) {
            return;
        }
        locks.values().removeIf(h -> !now.isBefore(h.expiresAt()));
        sweepAt = Math.max(1024, locks.size() * 2);
    }
}
