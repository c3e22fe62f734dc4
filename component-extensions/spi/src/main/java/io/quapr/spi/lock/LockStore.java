package io.quapr.spi.lock;

import io.quapr.spi.Component;
import io.smallrye.mutiny.Uni;

/**
 * A Dapr distributed lock store ({@code lock.*} components): named locks with one owner each and
 * an expiry, shared by every sidecar that uses the same backend. The resource id a store is given
 * is already prefixed by the sidecar ({@code lock||<appId>||<id>}, as daprd prefixes it), so
 * stores use it as their key unchanged.
 */
public interface LockStore extends Component {

    /**
     * Takes the lock if nobody holds it. Never waits for it.
     *
     * @param resourceId the lock's key in the store
     * @param lockOwner who takes it; only this owner can release it
     * @param expiryInSeconds how long the lock is held at most, counted from now (positive); after
     *        that it is free again, exactly, whether or not the owner released it
     * @return whether the lock was taken: {@code false} when someone (the same owner included)
     *         holds it
     */
    Uni<Boolean> tryLock(String resourceId, String lockOwner, int expiryInSeconds);

    /**
     * Releases the lock if this owner holds it.
     *
     * @param resourceId the lock's key in the store
     * @param lockOwner the owner releasing it
     * @return {@link UnlockStatus#SUCCESS}, {@link UnlockStatus#LOCK_DOES_NOT_EXIST} or
     *         {@link UnlockStatus#LOCK_BELONGS_TO_OTHERS}; a failure of the backend is a failed
     *         {@code Uni}
     */
    Uni<UnlockStatus> unlock(String resourceId, String lockOwner);
}
