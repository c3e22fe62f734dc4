package io.quapr.spi.state;

import io.smallrye.mutiny.Uni;

/** A state store that deletes every key under a prefix ({@link StateFeature#DELETE_WITH_PREFIX}). */
public interface DeleteWithPrefixStateStore extends StateStore {

    /**
     * Deletes every key directly under {@code prefix}: keys that start with it and contain no
     * further {@code ||} after it, as Dapr does, so that deleting actor {@code a} never deletes
     * the state of actor {@code a||b}.
     *
     * @param prefix a non-empty prefix, ending with {@code ||} as Dapr requires
     * @return how many keys were deleted
     */
    Uni<Long> deleteWithPrefix(String prefix);
}
