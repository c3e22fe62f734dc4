package io.quapr.spi.state;

import io.quapr.spi.Component;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Dapr state store: keys to bytes, with optional ETags.
 *
 * <p>
 * Keys arrive with the sidecar's key prefix applied. Values are opaque bytes, returned exactly as
 * stored. A store that claims {@link StateFeature#ETAG} must reject a write whose ETag does not
 * match with {@link ETagMismatchException}, and a malformed ETag with
 * {@link ETagInvalidException}; a store without it ignores ETags. The conformance kit holds every
 * store to the features it claims, and checks that it refuses what it does not claim.
 */
public interface StateStore extends Component {

    /** The features this store has; reported by the metadata API. Constant for the instance. */
    Set<StateFeature> features();

    /** Reads one key; {@link GetResponse#MISSING} when it does not exist. */
    Uni<GetResponse> get(GetRequest request);

    /** Writes one key, honouring the ETag and concurrency option when the store has ETags. */
    Uni<Void> set(SetRequest request);

    /** Deletes one key; deleting an absent key succeeds unless an ETag was given. */
    Uni<Void> delete(DeleteRequest request);

    /**
     * Reads several keys. The default reads them one by one, all at once; a store with a native
     * multi-get overrides it. Errors are reported per key, never for the whole call.
     */
    default Uni<List<BulkGetItem>> bulkGet(List<GetRequest> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<BulkGetItem>> reads = new ArrayList<>(requests.size());
        for (GetRequest r : requests) {
            reads.add(get(r).map(resp -> new BulkGetItem(r.key(), resp, null))
                    .onFailure().recoverWithItem(e -> new BulkGetItem(r.key(), GetResponse.MISSING,
                            String.valueOf(e.getMessage()))));
        }
        return Uni.join().all(reads).andFailFast();
    }

    /**
     * Writes several keys, not atomically. The default writes them one by one, all at once; when
     * some fail, the others stay written and a {@link BulkStateException} names the failures.
     */
    default Uni<Void> bulkSet(List<SetRequest> requests) {
        return StateStores.applyEach(requests, this::set);
    }

    /** Deletes several keys, not atomically; failures as for {@link #bulkSet}. */
    default Uni<Void> bulkDelete(List<DeleteRequest> requests) {
        return StateStores.applyEach(requests, this::delete);
    }
}
