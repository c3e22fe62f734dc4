package io.quapr.workflow;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.TransactionalStateStore;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store as a process sees it until the process dies: after {@link #kill()} no call reaches the
 * store and none ever answers, and answers to calls already in flight are lost. The writes that
 * reached the store stay, exactly as after a crash.
 */
final class KillableStore implements TransactionalStateStore {

    private final TransactionalStateStore delegate;
    private volatile boolean dead;

    KillableStore(TransactionalStateStore delegate) {
        this.delegate = delegate;
    }

    void kill() {
        dead = true;
    }

    private <T> Uni<T> guard(Uni<T> call) {
        if (dead) {
            return Uni.createFrom().nothing();
        }
        // an answer that arrives after the death is never seen
        return call.onItem().transformToUni(item -> dead ? Uni.createFrom().<T>nothing() : Uni.createFrom().item(item));
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return delegate.init(metadata, context);
    }

    @Override
    public Set<StateFeature> features() {
        return delegate.features();
    }

    @Override
    public Uni<GetResponse> get(GetRequest request) {
        return guard(Uni.createFrom().deferred(() -> delegate.get(request)));
    }

    @Override
    public Uni<List<BulkGetItem>> bulkGet(List<GetRequest> requests) {
        return guard(Uni.createFrom().deferred(() -> delegate.bulkGet(requests)));
    }

    @Override
    public Uni<Void> set(SetRequest request) {
        return guard(Uni.createFrom().deferred(() -> delegate.set(request)));
    }

    @Override
    public Uni<Void> delete(DeleteRequest request) {
        return guard(Uni.createFrom().deferred(() -> delegate.delete(request)));
    }

    @Override
    public Uni<Void> multi(List<StateOperation> operations, Map<String, String> metadata) {
        return guard(Uni.createFrom().deferred(() -> delegate.multi(operations, metadata)));
    }
}
