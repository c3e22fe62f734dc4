package io.quapr.sidecar.state;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.components.ComponentCall;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.QueryableStateStore;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.StateStore;
import io.quapr.spi.state.TransactionalStateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state building block: validates a request, resolves the store, prefixes keys, calls the
 * store through {@link ComponentCall} and turns its failures into daprd's errors. Both the HTTP
 * resource and the gRPC service call this and only translate.
 */
@ApplicationScoped
public class StateService {

    @Inject
    Components components;

    @Inject
    ComponentCall call;

    @Inject
    SidecarConfig config;

    /** Each store's key rule, with the instance it was read from: a hot-reloaded store reads its own. */
    private final Map<String, KeysOf> keys = new ConcurrentHashMap<>();

    private record KeysOf(LiveComponent live, StateKeys keys) {
    }

    /** Reads one key; the response's data is null when the key does not exist. */
    public Uni<GetResponse> get(String storeName, String key, Map<String, String> metadata, Consistency consistency) {
        Store s = store(storeName);
        GetRequest request = new GetRequest(s.stored(key), metadata, consistency);
        return call.run(s.live, "get", () -> s.store.get(request))
                .onFailure().transform(e -> StateErrors.get(key, storeName, e));
    }

    /** Reads several keys; errors are reported per key. Keys in the answer are the app's keys. */
    public Uni<List<BulkGetItem>> bulkGet(String storeName, List<String> keyList, Map<String, String> metadata) {
        Store s = store(storeName);
        List<GetRequest> requests = new ArrayList<>(keyList.size());
        for (String key : keyList) {
            requests.add(new GetRequest(s.stored(key), metadata, Consistency.UNSPECIFIED));
        }
        return call.run(s.live, "bulkGet", () -> s.store.bulkGet(requests))
                .onFailure().transform(StateErrors::bulkGet)
                .map(items -> items.stream()
                        .map(i -> new BulkGetItem(StateKeys.original(i.key()), i.response(), i.error())).toList());
    }

    /** Writes several keys, not atomically (one call of {@code bulkSet}, or {@code set} for one). */
    public Uni<Void> save(String storeName, List<SaveItem> items) {
        Store s = store(storeName);
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<SetRequest> requests = new ArrayList<>(items.size());
        for (SaveItem item : items) {
            requests.add(s.setRequest(item));
        }
        Uni<Void> write = requests.size() == 1
                ? call.run(s.live, "set", () -> s.store.set(requests.get(0)))
                : call.run(s.live, "bulkSet", () -> s.store.bulkSet(requests));
        return write.onFailure().transform(e -> StateErrors.save(storeName, e));
    }

    /** Deletes one key. */
    public Uni<Void> delete(String storeName, DeleteItem item) {
        Store s = store(storeName);
        DeleteRequest request = s.deleteRequest(item);
        return call.run(s.live, "delete", () -> s.store.delete(request))
                .onFailure().transform(e -> StateErrors.delete(item.key(), e));
    }

    /** Deletes several keys, not atomically. */
    public Uni<Void> bulkDelete(String storeName, List<DeleteItem> items) {
        Store s = store(storeName);
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<DeleteRequest> requests = items.stream().map(s::deleteRequest).toList();
        return call.run(s.live, "bulkDelete", () -> s.store.bulkDelete(requests))
                .onFailure().transform(e -> StateErrors.bulkDelete(storeName, e));
    }

    /** Applies a transaction: all operations, in order, or none. */
    public Uni<Void> transaction(String storeName, List<TransactionItem> items, Map<String, String> metadata) {
        Store s = store(storeName);
        TransactionalStateStore tx = transactional(s);
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<StateOperation> operations = new ArrayList<>(items.size());
        for (TransactionItem item : items) {
            // daprd compares the operation type exactly ("UPSERT" is refused) and names a missing
            // one as the empty string
            String op = item.operation() == null ? "" : item.operation();
            if (op.equals("upsert") && item.save() != null) {
                operations.add(s.setRequest(item.save()));
            } else if (op.equals("delete") && item.delete() != null) {
                operations.add(s.deleteRequest(item.delete()));
            } else {
                throw StateErrors.unsupportedOperation(op);
            }
        }
        int max = tx.maxOperations();
        if (max > 0 && operations.size() > max) {
            throw StateErrors.tooManyOperations(storeName, operations.size(), max);
        }
        return call.run(s.live, "multi", () -> tx.multi(operations, metadata))
                .onFailure().transform(StateErrors::transaction);
    }

    /**
     * Fails with daprd's errors unless the store exists and has transactions: daprd checks this
     * before it reads a transaction's body.
     */
    public void requireTransactions(String storeName) {
        transactional(store(storeName));
    }

    private static TransactionalStateStore transactional(Store s) {
        if (!(s.store instanceof TransactionalStateStore tx)
                || !s.store.features().contains(StateFeature.TRANSACTIONAL)) {
            throw StateErrors.transactionsNotSupported(s.name);
        }
        return tx;
    }

    /** Runs a query on a store with the query API; result keys are the app's keys. */
    public Uni<QueryableStateStore.QueryResponse> query(String storeName, String query, Map<String, String> metadata) {
        Store s = store(storeName);
        if (!(s.store instanceof QueryableStateStore q) || !s.store.features().contains(StateFeature.QUERY_API)) {
            throw StateErrors.queryNotSupported(storeName);
        }
        return call.run(s.live, "query", () -> q.query(query, metadata))
                .onFailure().transform(e -> StateErrors.query(storeName, e))
                .map(r -> new QueryableStateStore.QueryResponse(r.results().stream()
                        .map(i -> new QueryableStateStore.QueryItem(StateKeys.original(i.key()), i.data(), i.etag(),
                                i.error(), i.contentType()))
                        .toList(), r.token(), r.metadata()));
    }

    /**
     * Fails with daprd's {@code ERR_MALFORMED_REQUEST} unless {@code key} is set. Every key a
     * request names is checked with this; a transport that reads items from a body may call it as
     * it reads each one, so that a missing key is reported before the errors of the items' other
     * fields and of the store.
     *
     * @param key the app's key, as sent
     */
    public static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw StateErrors.keyRequired();
        }
    }

    /**
     * Resolves a store by name, failing with daprd's error when there is none. Throws
     * synchronously: the transports turn it into the error response.
     */
    private Store store(String name) {
        LiveComponent live = components.stateStore(name);
        if (live == null) {
            String appId = config.appId().orElse("");
            throw components.ofBlock("state").isEmpty()
                    ? StateErrors.notConfigured(name, appId)
                    : StateErrors.notFound(name, appId);
        }
        KeysOf cached = keys.get(name);
        if (cached == null || cached.live() != live) {
            cached = new KeysOf(live, StateKeys.of(live.metadata().asMap().get("keyPrefix"), name,
                    config.appId().orElse(""), config.namespace().orElse("")));
            keys.put(name, cached);
        }
        StateKeys k = cached.keys();
        if (!StateKeys.legal(k.strategy())) {
            throw StateErrors.illegalKey(name, k.strategy());
        }
        return new Store(name, live, (StateStore) live.instance(), k);
    }

    /** A resolved store and its key rule, for the length of one request. */
    private record Store(String name, LiveComponent live, StateStore store, StateKeys keys) {

        String stored(String key) {
            requireKey(key);
            if (!StateKeys.legal(key)) {
                throw StateErrors.illegalKey(name, key);
            }
            return keys.stored(key);
        }

        SetRequest setRequest(SaveItem item) {
            return new SetRequest(stored(item.key()), item.value(), emptyToNull(item.etag()), item.metadata(),
                    item.options());
        }

        DeleteRequest deleteRequest(DeleteItem item) {
            return new DeleteRequest(stored(item.key()), emptyToNull(item.etag()), item.metadata(), item.options());
        }

        private static String emptyToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }
    }
}
