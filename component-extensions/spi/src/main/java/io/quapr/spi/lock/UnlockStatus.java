package io.quapr.spi.lock;

/** The outcome of {@link LockStore#unlock}, as daprd numbers it (the ordinal is the wire value). */
public enum UnlockStatus {
    /** The owner held the lock; it is released. */
    SUCCESS,
    /** Nobody holds the lock (never taken, released, or expired). */
    LOCK_DOES_NOT_EXIST,
    /** Another owner holds the lock; it is left as it is. */
    LOCK_BELONGS_TO_OTHERS,
    /** The store could not tell. */
    INTERNAL_ERROR
}
