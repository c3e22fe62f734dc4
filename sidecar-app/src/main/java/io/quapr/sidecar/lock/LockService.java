package io.quapr.sidecar.lock;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.components.ComponentCall;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.spi.lock.LockStore;
import io.quapr.spi.lock.UnlockStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;

/**
 * The distributed lock building block (alpha in daprd), shared by the HTTP and gRPC APIs: checks
 * the request in daprd's order, prefixes the resource id as daprd does, and calls the store.
 */
@ApplicationScoped
public class LockService {

    @Inject
    Components components;

    @Inject
    ComponentCall call;

    @Inject
    SidecarConfig config;

    /**
     * Takes a lock if it is free.
     *
     * @return whether it was taken
     */
    public Uni<Boolean> tryLock(String storeName, String resourceId, String lockOwner, int expiryInSeconds) {
        // daprd checks the expiry before anything else, even before there is a store at all
        if (expiryInSeconds <= 0) {
            throw new DaprException(ErrorCode.MALFORMED_REQUEST,
                    "ExpiryInSeconds is not positive in lock store " + storeName);
        }
        LiveComponent live = store(storeName, resourceId, lockOwner);
        return withKey(live, resourceId, ErrorCode.LOCK_TRY, "failed to try acquiring lock: ", key -> {
            LockStore store = (LockStore) live.instance();
            return call.run(live, "tryLock", () -> store.tryLock(key, lockOwner, expiryInSeconds));
        });
    }

    /** Releases a lock this owner holds. */
    public Uni<UnlockStatus> unlock(String storeName, String resourceId, String lockOwner) {
        LiveComponent live = store(storeName, resourceId, lockOwner);
        return withKey(live, resourceId, ErrorCode.LOCK_UNLOCK, "failed to release lock: ", key -> {
            LockStore store = (LockStore) live.instance();
            return call.run(live, "unlock", () -> store.unlock(key, lockOwner));
        });
    }

    /**
     * Runs the store call on the prefixed key; an illegal key and any failure of the store leave
     * as daprd's {@code failure} error, its message prefixed by {@code prefix}.
     */
    private <T> Uni<T> withKey(LiveComponent live, String resourceId, ErrorCode failure, String prefix,
            Function<String, Uni<T>> body) {
        Uni<T> result;
        try {
            String key = LockKeys.of(live.metadata().get("keyPrefix").orElse(null), live.name(),
                    config.appId().orElse(""), resourceId);
            result = body.apply(key);
        } catch (IllegalArgumentException e) {
            result = Uni.createFrom().failure(e);
        }
        return result.onFailure(e -> !(e instanceof DaprException)).transform(
                e -> new DaprException(failure, prefix + e.getMessage()).withCause(e));
    }

    private LiveComponent store(String storeName, String resourceId, String lockOwner) {
        if (components.ofBlock("lock").isEmpty()) {
            throw new DaprException(ErrorCode.LOCK_STORE_NOT_CONFIGURED, "lock store is not configured");
        }
        if (resourceId == null || resourceId.isEmpty()) {
            throw new DaprException(ErrorCode.MALFORMED_REQUEST, "ResourceId is empty in lock store " + storeName);
        }
        if (lockOwner == null || lockOwner.isEmpty()) {
            throw new DaprException(ErrorCode.MALFORMED_REQUEST, "LockOwner is empty in lock store " + storeName);
        }
        LiveComponent live = components.get(storeName);
        if (live == null || !(live.instance() instanceof LockStore)) {
            throw new DaprException(ErrorCode.LOCK_STORE_NOT_FOUND, "lock store " + storeName + " not found");
        }
        return live;
    }
}
