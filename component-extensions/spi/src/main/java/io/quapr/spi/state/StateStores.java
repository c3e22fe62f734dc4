package io.quapr.spi.state;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Helpers the {@link StateStore} defaults share. */
final class StateStores {

    private StateStores() {
    }

    /** Applies each write concurrently; collects failures per key into one exception. */
    static <R extends StateOperation> Uni<Void> applyEach(List<R> requests, Function<R, Uni<Void>> op) {
        if (requests.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Throwable> failures = new LinkedHashMap<>();
        List<Uni<Void>> writes = new ArrayList<>(requests.size());
        for (R r : requests) {
            writes.add(op.apply(r).onFailure().invoke(e -> {
                synchronized (failures) {
                    failures.put(r.key(), e);
                }
            }).onFailure().recoverWithNull());
        }
        return Uni.join().all(writes).andFailFast().replaceWithVoid().invoke(() -> {
            if (!failures.isEmpty()) {
                throw new BulkStateException(failures);
            }
        });
    }
}
