package io.quapr.spi.state;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * A state store that applies several writes atomically ({@link StateFeature#TRANSACTIONAL}).
 */
public interface TransactionalStateStore extends StateStore {

    /**
     * Applies every operation, in order, or none. An ETag mismatch on any operation fails the
     * whole transaction with {@link ETagMismatchException} and leaves every key as it was.
     *
     * @param operations the writes, in the order given
     * @param metadata the request's transaction-level metadata
     */
    Uni<Void> multi(List<StateOperation> operations, Map<String, String> metadata);

    /**
     * The most operations one transaction may hold (DynamoDB: 100), or {@code -1} for no limit.
     * The sidecar refuses larger transactions before calling the store.
     */
    default int maxOperations() {
        return -1;
    }
}
